// Paths the tests need, from the environment CTest sets (tests/CMakeLists.txt).
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

namespace livedream::test {

std::string shared_dir();                           // ../shared: models and images that must not be committed
std::string shared_model(const std::string& file);  // skips the test visibly when missing
std::string shared_image(const std::string& file);  // skips the test visibly when missing
std::string shared_video(const std::string& file);  // skips the test visibly when missing
std::string livedream_bin();                        // the built program
std::string source_dir();
std::string test_models_dir();                 // models exported by the Python tests (build/test-models)
std::string tmp_dir(const std::string& name);  // a fresh, empty folder under build/test-tmp

// Skips the test visibly without a display (scripts/test runs the GL tests under xvfb-run).
void need_display();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs a shell command line, capturing its output.
CommandResult run_command(const std::string& command_line);
std::string shell_quote(const std::string& text);
// The output without the "livedream: model PATH (sha256 ...) on DEVICE" lines every command that
// loads a model prints: what is left of a failed run must be the one-line error alone.
std::string without_model_notice(const std::string& output);
// `output` without the lines that start with one of `prefixes`.
std::string without_lines_starting(const std::string& output, std::initializer_list<std::string_view> prefixes);

}  // namespace livedream::test
