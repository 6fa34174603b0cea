#include "support/test_env.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "support/catch.h"

namespace livedream::test {
namespace fs = std::filesystem;

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
std::string shared_file(const std::string& sub, const std::string& file) {
  const std::string path = shared_dir() + "/" + sub + "/" + file;
  if (!fs::exists(path)) LIVEDREAM_SKIP("needs " + path + " (the shared models/images folder); not present here");
  return path;
}
}  // namespace

std::string shared_dir() { return env_or("LIVEDREAM_SHARED", LIVEDREAM_TEST_SHARED_DEFAULT); }
std::string shared_model(const std::string& file) { return shared_file("models", file); }
std::string shared_image(const std::string& file) { return shared_file("images", file); }
std::string shared_video(const std::string& file) { return shared_file("videos", file); }
std::string livedream_bin() { return env_or("LIVEDREAM_BIN", LIVEDREAM_BIN_DEFAULT); }
std::string test_models_dir() { return env_or("LIVEDREAM_TEST_MODELS_DIR", LIVEDREAM_TEST_MODELS_DEFAULT); }
std::string source_dir() { return env_or("LIVEDREAM_SOURCE", LIVEDREAM_SOURCE_DEFAULT); }

std::string tmp_dir(const std::string& name) {
  const fs::path dir = fs::path(env_or("LIVEDREAM_TEST_TMP", LIVEDREAM_TEST_TMP_DEFAULT)) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CommandResult run_command(const std::string& command_line) {
  CommandResult result;
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

void need_display() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) LIVEDREAM_SKIP("needs a display: run the gl tests under xvfb-run (scripts/test does)");
}

std::string without_lines_starting(const std::string& output, std::initializer_list<std::string_view> prefixes) {
  std::string kept;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    end = end == std::string::npos ? output.size() : end + 1;
    const std::string_view line(output.data() + start, end - start);
    bool drop = false;
    for (const auto prefix : prefixes) drop = drop || line.substr(0, prefix.size()) == prefix;
    if (!drop) kept.append(line);
    start = end;
  }
  return kept;
}

std::string without_model_notice(const std::string& output) { return without_lines_starting(output, {"livedream: model "}); }

}  // namespace livedream::test
