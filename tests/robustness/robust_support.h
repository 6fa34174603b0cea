// Helpers shared by the robustness tests (error matrix, soak, kill safety).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "support/test_env.h"

namespace livedream::robust {

// The project venv's Python (Pillow, torch), from CMake; skips the test when it is missing.
std::string python();

// Fixtures made at run time by tests/robustness/make_fixtures.py (once per process):
// images_dir() holds the odd-mode, broken and oversized images; models_dir() the broken models.
std::string images_dir();
std::string models_dir();

// The model every CLI case passes (the shared GoogLeNet; skips when absent).
std::string good_model();

// `livedream ARGS` with `env` (e.g. "LIVEDREAM_HTTP_TIMEOUT=1 ") in front, under `timeout`.
test::CommandResult run_livedream(const std::string& args, const std::string& env = "", int timeout_s = 300);

// Checks the shape of every user-facing failure: the exit code, exactly one line starting with
// "livedream: error: ", each needle in it, and a fix in parentheses at its end.
void expect_one_line_error(const test::CommandResult& r, int exit_code, const std::vector<std::string>& needles);

// Checks a livedream::Error message: one line, each needle in it, a "(fix)" at its end.
void expect_error_message(const std::string& message, const std::vector<std::string>& needles);

// A loopback HTTP server (tests/robustness/http_test_server.py) with misbehaving URLs; stopped
// when destroyed. Skips the test if it cannot start.
class MisbehavingServer {
 public:
  explicit MisbehavingServer(const std::string& image_file);
  ~MisbehavingServer();
  std::string url(const std::string& path) const;

 private:
  int pid_ = 0;
  int port_ = 0;
};

// Starts a program without a shell (so the pid is the program's own), its output discarded.
int spawn_quiet(const std::vector<std::string>& args);

}  // namespace livedream::robust
