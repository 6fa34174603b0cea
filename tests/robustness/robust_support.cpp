#include "robustness/robust_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "support/catch.h"

namespace livedream::robust {
namespace fs = std::filesystem;
using test::CommandResult;
using test::run_command;
using test::shell_quote;

std::string python() {
  const std::string py = LIVEDREAM_TEST_PYTHON;
  if (!fs::exists(py)) LIVEDREAM_SKIP("needs the project venv's Python (" + py + "): run scripts/setup");
  return py;
}

namespace {
std::string make_fixtures(const std::string& kind, const std::string& extra) {
  const std::string dir = test::tmp_dir("robust_fixtures_" + kind + "_" + std::to_string(::getpid()));
  const std::string script = test::source_dir() + "/tests/robustness/make_fixtures.py";
  const auto r = run_command(shell_quote(python()) + " " + shell_quote(script) + " " + kind + " " + shell_quote(dir) + extra);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return dir;
}
}  // namespace

std::string images_dir() {
  static const std::string dir = make_fixtures("images", "");
  return dir;
}

std::string models_dir() {
  static const std::string dir = make_fixtures("models", std::string(" ").append(shell_quote(good_model())));
  return dir;
}

std::string good_model() { return test::shared_model("googlenet_bvlc.pt"); }

CommandResult run_livedream(const std::string& args, const std::string& env, int timeout_s) {
  return run_command(env + "timeout -k 10 " + std::to_string(timeout_s) + " " + shell_quote(test::livedream_bin()) + " " + args);
}

void expect_error_message(const std::string& message, const std::vector<std::string>& needles) {
  INFO(message);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(!message.empty());
  CHECK(message.back() == ')');  // "problem (fix)"
  for (const auto& n : needles) CHECK(message.find(n) != std::string::npos);
}

namespace {
// The output without the info lines dream and render print on stderr whatever it is (what they
// dream or render at, before the work that may fail): the error itself must still be one line.
std::string without_info_lines(const std::string& output) {
  return test::without_lines_starting(output, {"livedream: rendering frames ", "livedream: dreaming at "});
}
}  // namespace

void expect_one_line_error(const CommandResult& r, int exit_code, const std::vector<std::string>& needles) {
  INFO("output: " << r.output);
  CHECK(r.exit_code == exit_code);
  const std::string error = without_info_lines(test::without_model_notice(r.output));
  CHECK(error.rfind("livedream: error: ", 0) == 0);
  CHECK(std::count(error.begin(), error.end(), '\n') == 1);
  std::string line = error;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  CHECK(!line.empty());
  if (!line.empty()) CHECK(line.back() == ')');
  for (const auto& n : needles) CHECK(error.find(n) != std::string::npos);
}

MisbehavingServer::MisbehavingServer(const std::string& image_file) {
  const std::string log = test::tmp_dir("robust_http_" + std::to_string(::getpid())) + "/server.log";
  const std::string script = test::source_dir() + "/tests/robustness/http_test_server.py";
  const auto r =
      run_command("python3 -u " + shell_quote(script) + " " + shell_quote(image_file) + " > " + shell_quote(log) + " 2>&1 & echo $!");
  pid_ = std::atoi(r.output.c_str());
  REQUIRE(pid_ > 0);
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(log);
    std::string word;
    if (in >> word && word == "port") in >> port_;
  }
  if (port_ == 0) {
    ::kill(pid_, SIGTERM);
    LIVEDREAM_SKIP("could not start the loopback HTTP test server (python3)");
  }
}

MisbehavingServer::~MisbehavingServer() {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

std::string MisbehavingServer::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

int spawn_quiet(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace livedream::robust
