#include "capture/ffmpeg_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "core/error.h"

extern char** environ;

namespace livedream::capture {

namespace {
bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

void ignore_sigpipe_once() {
  // Only replace the default action: an application that installed its own handler keeps it.
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
}

// Moves an fd off 0..2 so that dup2 onto the child's stdin/stderr cannot be a no-op that keeps
// FD_CLOEXEC (possible when livedream itself was started with stdin closed).
int above_stdio(int fd) {
  if (fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}
}  // namespace

std::string find_ffmpeg() {
  if (const char* env = std::getenv("LIVEDREAM_FFMPEG"); env && *env)
    return is_executable_file(env) ? std::string(env) : std::string();
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/ffmpeg";
    if (is_executable_file(candidate)) return candidate;
  }
  return {};
}

FfmpegProcess::FfmpegProcess(const std::string& ffmpeg, const std::vector<std::string>& args, const std::string& target)
    : target_(target) {
  ignore_sigpipe_once();
  log_ = std::tmpfile();  // ffmpeg's messages, read back only when it fails
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw runtime_error(std::string("cannot create a pipe to ffmpeg: ") + std::strerror(errno), "close other programs and retry");
  const int read_end = above_stdio(fds[0]);
  stdin_fd_ = fds[1];
  // A bigger pipe lets a whole frame go to ffmpeg at once (ignored where not allowed).
  ::fcntl(stdin_fd_, F_SETPIPE_SZ, 1 << 20);
  const int log_fd = log_ ? above_stdio(::dup(::fileno(log_))) : -1;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, read_end, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (log_fd >= 0) posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  else posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

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
  argv.push_back(const_cast<char*>(ffmpeg.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, ffmpeg.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(read_end);
  if (log_fd >= 0) ::close(log_fd);
  if (rc != 0) {
    ::close(stdin_fd_);
    stdin_fd_ = -1;
    pid_ = -1;
    if (log_) std::fclose(log_);
    log_ = nullptr;
    throw runtime_error("cannot start ffmpeg " + ffmpeg + ": " + std::strerror(rc), "install ffmpeg or set LIVEDREAM_FFMPEG to it");
  }
}

FfmpegProcess::~FfmpegProcess() {
  try {
    close();
  } catch (...) {
    // The owner already reported (or chose to ignore) the failure; a destructor must not throw.
  }
  if (log_) std::fclose(log_);
}

void FfmpegProcess::write(const uint8_t* bytes, size_t size) {
  if (stdin_fd_ < 0) throw runtime_error("writing to ffmpeg after the end of the recording", "this is a bug; please report it");
  while (size > 0) {
    const ssize_t n = ::write(stdin_fd_, bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(stdin_fd_);
      stdin_fd_ = -1;
      if (e == EPIPE) {  // ffmpeg has exited: its log says why
        wait_for_exit();
        throw runtime_error(failure_message(), "free disk space or choose another folder; what was written is kept");
      }
      throw runtime_error("cannot send frames to ffmpeg: " + std::string(std::strerror(e)), "retry the recording");
    }
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

void FfmpegProcess::close() {
  if (stdin_fd_ >= 0) {
    ::close(stdin_fd_);
    stdin_fd_ = -1;
  }
  if (pid_ < 0) return;
  const bool was_running = !exited_;
  const int status = wait_for_exit();
  pid_ = -1;
  // ffmpeg 5 exits 0 even when writing the end of the file failed ("Error closing file ...:
  // File too large"); it runs with -loglevel error, so anything it logged is a failure.
  const bool failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0) || log_has_text();
  if (was_running && failed)
    throw runtime_error(failure_message(), "check the folder and free disk space; what was written is kept");
}

int FfmpegProcess::wait_for_exit() {
  if (exited_ || pid_ < 0) return exit_status_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      status = 0;  // someone else reaped it (a SIGCHLD handler set to SIG_IGN): nothing more to learn
      break;
    }
  }
  exit_status_ = status;
  exited_ = true;
  return status;
}

std::string FfmpegProcess::read_log() {
  std::string log;
  if (!log_) return log;
  std::fflush(log_);
  std::rewind(log_);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, log_)) > 0 && log.size() < (1u << 20)) log.append(buf, n);
  return log;
}

bool FfmpegProcess::log_has_text() {
  return read_log().find_first_not_of(" \t\r\n") != std::string::npos;
}

std::string FfmpegProcess::failure_message() {
  const std::string log = read_log();
  // The usual causes, said plainly (ffmpeg's own lines name muxer internals).
  if (log.find("No space left on device") != std::string::npos) return "disk full while writing " + target_;
  if (log.find("File too large") != std::string::npos) return "file size limit reached while writing " + target_;
  if (log.find("Permission denied") != std::string::npos) return "no permission to write " + target_;
  // ffmpeg's first error line names the cause; later ones are consequences.
  std::stringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line.find("Last message repeated") != std::string::npos) continue;
    line = line.substr(start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return "ffmpeg failed writing " + target_ + ": " + line;
  }
  if (WIFSIGNALED(exit_status_))
    return "ffmpeg was killed by signal " + std::to_string(WTERMSIG(exit_status_)) + " while writing " + target_;
  return "ffmpeg stopped with exit code " + std::to_string(WIFEXITED(exit_status_) ? WEXITSTATUS(exit_status_) : -1) +
         " while writing " + target_;
}

}  // namespace livedream::capture
