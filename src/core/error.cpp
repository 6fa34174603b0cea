#include "core/error.h"

namespace livedream {
namespace {
std::string flatten(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}
std::string compose(const std::string& problem, const std::string& fix) {
  return fix.empty() ? flatten(problem) : flatten(problem) + " (" + flatten(fix) + ")";
}
}  // namespace

Error usage_error(const std::string& problem, const std::string& fix) { return Error(ErrorKind::Usage, compose(problem, fix)); }
Error runtime_error(const std::string& problem, const std::string& fix) { return Error(ErrorKind::Runtime, compose(problem, fix)); }

std::string first_line(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      return line;
    }
    start = end + 1;
  }
  return text;
}

}  // namespace livedream
