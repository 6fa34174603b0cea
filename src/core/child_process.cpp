#include "core/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "core/error.h"

extern char** environ;

namespace livedream {

namespace {
void ignore_sigpipe_once() {
  // Only replace the default action: an application that installed its own handler keeps it.
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
}

// Moves an fd off 0..2 so that dup2 onto the child's stdin/stdout/stderr cannot be a no-op that
// keeps FD_CLOEXEC (possible when livedream itself was started with stdin closed).
int above_stdio(int fd) {
  if (fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}
}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args, ChildPipe pipe) : pipe_(pipe) {
  ignore_sigpipe_once();
  log_ = std::tmpfile();  // the child's messages, read back only when it fails
  int child_end = -1;
  if (pipe != ChildPipe::None) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw runtime_error(std::string("cannot create a pipe to ") + program + ": " + std::strerror(errno),
                          "close other programs and retry");
    const bool to_child = pipe == ChildPipe::Stdin;
    child_end = above_stdio(to_child ? fds[0] : fds[1]);
    pipe_fd_ = to_child ? fds[1] : fds[0];
    // A bigger pipe lets a whole frame pass at once (ignored where not allowed).
    ::fcntl(pipe_fd_, F_SETPIPE_SZ, 1 << 20);
  }
  const int log_fd = log_ ? above_stdio(::dup(::fileno(log_))) : -1;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (pipe == ChildPipe::Stdin)
    posix_spawn_file_actions_adddup2(&actions, child_end, 0);
  else
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (pipe == ChildPipe::Stdout)
    posix_spawn_file_actions_adddup2(&actions, child_end, 1);
  else
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (log_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  else
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: the terminal's Ctrl-C is ours to handle
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (child_end >= 0) ::close(child_end);
  if (log_fd >= 0) ::close(log_fd);
  if (rc != 0) {
    close_pipe();
    pid_ = -1;
    if (log_) std::fclose(log_);
    log_ = nullptr;
    throw runtime_error("cannot start " + program + ": " + std::strerror(rc), "install ffmpeg or set LIVEDREAM_FFMPEG to it");
  }
}

ChildProcess::~ChildProcess() {
  // A reader's child may be blocked on a device or a socket and never notice the closed pipe.
  if (pipe_ == ChildPipe::Stdout) kill();
  close_pipe();
  wait();
  if (log_) std::fclose(log_);
}

void ChildProcess::close_pipe() {
  if (pipe_fd_ >= 0) ::close(pipe_fd_);
  pipe_fd_ = -1;
}

void ChildProcess::kill() {
  if (pid_ > 0 && !exited_) {
    int status = 0;
    if (try_wait(status)) return;
    ::kill(-pid_, SIGKILL);  // the group (spawned with setpgroup 0: its id is the child's pid)
  }
}

int ChildProcess::wait() {
  if (exited_ || pid_ < 0) return status_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      status = 0;  // someone else reaped it (SIGCHLD set to SIG_IGN): nothing more to learn
      break;
    }
  }
  status_ = status;
  exited_ = true;
  return status;
}

bool ChildProcess::try_wait(int& status) {
  if (pid_ < 0) return false;
  if (!exited_) {
    int raw = 0;
    const pid_t r = ::waitpid(pid_, &raw, WNOHANG);
    if (r == pid_) {
      status_ = raw;
      exited_ = true;
    } else if (r < 0 && errno == ECHILD) {
      status_ = 0;
      exited_ = true;
    }
  }
  status = status_;
  return exited_;
}

std::string ChildProcess::log() {
  std::string text;
  if (!log_) return text;
  std::fflush(log_);
  std::rewind(log_);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, log_)) > 0 && text.size() < (1u << 20)) text.append(buf, n);
  return text;
}

bool ChildProcess::log_has_text() { return log().find_first_not_of(" \t\r\n") != std::string::npos; }

std::string ChildProcess::first_log_line() {
  std::stringstream lines(log());
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line.find("Last message repeated") != std::string::npos) continue;
    line = line.substr(start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
  }
  return {};
}

std::string ChildProcess::describe_status(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit code " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

bool ChildResult::ok() const { return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

ChildResult run_child(const std::string& program, const std::vector<std::string>& args, double timeout_s) {
  using Clock = std::chrono::steady_clock;
  ChildProcess child(program, args, ChildPipe::Stdout);
  ChildResult result;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  char buf[65536];
  for (;;) {
    int wait_ms = -1;
    if (timeout_s > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left);
    }
    pollfd fd{child.pipe_fd(), POLLIN, 0};
    const int ready = ::poll(&fd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;  // the deadline is checked above
    const ssize_t n = ::read(child.pipe_fd(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of output
    if (result.out.size() < (16u << 20)) result.out.append(buf, static_cast<size_t>(n));
  }
  if (result.timed_out) child.kill();
  child.close_pipe();
  result.status = child.wait();
  result.error_line = child.first_log_line();
  return result;
}

namespace {
bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}
}  // namespace

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
  }
  return {};
}

std::string find_ffmpeg() {
  if (const char* env = std::getenv("LIVEDREAM_FFMPEG"); env && *env) return is_executable_file(env) ? std::string(env) : std::string();
  return find_on_path("ffmpeg");
}

std::string find_ffprobe() {
  if (const char* env = std::getenv("LIVEDREAM_FFPROBE"); env && *env) return is_executable_file(env) ? std::string(env) : std::string();
  const std::string ffmpeg = find_ffmpeg();
  if (!ffmpeg.empty()) {
    const std::string beside = (std::filesystem::path(ffmpeg).parent_path() / "ffprobe").string();
    if (is_executable_file(beside)) return beside;
  }
  return find_on_path("ffprobe");
}

}  // namespace livedream
