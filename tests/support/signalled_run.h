// A command run until it shows progress (a file appears), then sent a signal, as a user's Ctrl-C
// or a service manager's SIGTERM: for the tests of interrupted renders and recordings.
#pragma once
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/file_io.h"
#include "support/catch.h"

extern char** environ;

namespace livedream::test {

struct SignalledRun {
  int exit_code = -1;  // 128 + the signal when it killed the process
  std::string output;  // what it wrote to `log`
};

// Runs `command_line` (a shell command; its output goes to `log`), waits until `progress_file`
// exists (at most `wait_s`), sends `sig`, and waits for the exit. A command that never shows the
// progress is killed (SIGKILL) and reported as such.
inline SignalledRun run_then_signal(const std::string& command_line, const std::string& progress_file, int sig, const std::string& log,
                                    double wait_s = 120) {
  namespace fs = std::filesystem;
  const std::string command = "exec " + command_line + " > '" + log + "' 2>&1";
  std::vector<char*> argv = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>(command.c_str()), nullptr};
  pid_t pid = -1;
  REQUIRE(::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), environ) == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  int status = 0;
  bool exited = false;
  while (!fs::exists(progress_file) && std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    ::kill(pid, fs::exists(progress_file) ? sig : SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  SignalledRun result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.output = read_file_text(log, "log");
  return result;
}

}  // namespace livedream::test
