// A helper program (ffmpeg, ffprobe) as a child process, with the care every caller needs: it runs
// in its own process group (a Ctrl-C at the terminal reaches only livedream, which then ends the
// child's work itself), it starts with default signal actions, its stderr goes to an unlinked
// temporary file that is read back only to explain a failure, and it is always reaped (never a
// zombie). livedream ignores SIGPIPE from the first start on: a dead child shows up as a write
// error, not as livedream's death.
#pragma once
#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace livedream {

// Which of the child's standard streams livedream holds a pipe to; the others are /dev/null.
enum class ChildPipe { None, Stdin, Stdout };

class ChildProcess {
 public:
  // Starts `program args...` (args without the program name). Throws livedream::Error (runtime)
  // when it cannot start.
  ChildProcess(const std::string& program, const std::vector<std::string>& args, ChildPipe pipe);
  // Closes the pipe and waits: a writer's child finishes its file on end of input. A reader's
  // child is killed first (it may be blocked on a camera or a network), see kill().
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pipe_fd() const { return pipe_fd_; }  // our end of the pipe; -1 when closed or none
  void close_pipe();
  // SIGKILL to the child's process group (it may have children of its own); it is reaped by
  // wait(). Does nothing once it has exited.
  void kill();
  // Waits for the exit (retried on EINTR) and returns the raw status; the same value afterwards.
  int wait();
  // The exit status without waiting: true (and `status` set) once it has exited.
  bool try_wait(int& status);
  bool exited() const { return exited_; }
  pid_t pid() const { return pid_; }

  std::string log();  // what the child wrote to stderr so far (at most 1 MiB)
  bool log_has_text();
  // The child's first meaningful stderr line, or how it ended when it said nothing.
  std::string first_log_line();
  static std::string describe_status(int status);  // "exit code 1", "killed by signal 9"

 private:
  pid_t pid_ = -1;
  int pipe_fd_ = -1;
  ChildPipe pipe_ = ChildPipe::None;
  std::FILE* log_ = nullptr;
  int status_ = 0;
  bool exited_ = false;
};

// Runs `program args...` to its end and returns what it wrote on stdout; the child is killed when
// it runs past `timeout_s` (<= 0: no limit). `timed_out` says whether that happened. Throws
// livedream::Error (runtime) when it cannot start.
struct ChildResult {
  int status = 0;  // raw wait status
  bool timed_out = false;
  std::string out;         // stdout (capped at 16 MiB)
  std::string error_line;  // the first meaningful stderr line (empty when none)
  bool ok() const;         // exited 0, not timed out
};
ChildResult run_child(const std::string& program, const std::vector<std::string>& args, double timeout_s);

// The helper programs, found one way: `name` in the folders of $PATH (an empty entry is the
// current folder), the first regular file there that may be executed. Empty when there is none.
std::string find_on_path(const std::string& name);
// $LIVEDREAM_FFMPEG when set (used as given: empty if it is not executable), else ffmpeg on $PATH.
std::string find_ffmpeg();
// $LIVEDREAM_FFPROBE when set, else the ffprobe beside find_ffmpeg()'s ffmpeg (so LIVEDREAM_FFMPEG
// picks the pair), else ffprobe on $PATH. Empty when there is none.
std::string find_ffprobe();

}  // namespace livedream
