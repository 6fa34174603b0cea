// Errors that cross a setup boundary (file loading, model loading, argument checking).
// Every message is one line that names the problem and the fix; the CLI maps the kind to an exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace livedream {

enum class ErrorKind {
  Usage,    // the user asked for something invalid: exit code 2
  Runtime,  // a valid request that failed (missing file, bad model, full disk): exit code 1
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return kind_ == ErrorKind::Usage ? 2 : 1; }

 private:
  ErrorKind kind_;
};

// "problem (fix)" in one line; newlines inside either part are flattened.
Error usage_error(const std::string& problem, const std::string& fix);
Error runtime_error(const std::string& problem, const std::string& fix);

// Collapses a multi-line message (LibTorch's, for example) to its first meaningful line.
std::string first_line(const std::string& text);

}  // namespace livedream
