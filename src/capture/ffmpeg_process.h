// ffmpeg as a child process fed raw frames through a pipe on its stdin. Spawned in its own process
// group, so a Ctrl-C at the terminal reaches only livedream, which then ends the file itself by
// closing the pipe; if livedream dies, ffmpeg sees end of input and still completes the file.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/child_process.h"

namespace livedream::capture {

// ffmpeg's arguments that read raw rgb24 frames of width x height at `rate` ("30", "30000/1001")
// from its stdin, quietly, overwriting the output: what every writer puts before its output's.
std::vector<std::string> raw_rgb_input_args(int width, int height, const std::string& rate);

class FfmpegProcess {
 public:
  // Starts `ffmpeg args...` (args without the program name). From the first start on, the process
  // ignores SIGPIPE: a dead ffmpeg must show up as a write error (EPIPE), not kill livedream.
  // Throws livedream::Error (runtime) when it cannot start.
  FfmpegProcess(const std::string& ffmpeg, const std::vector<std::string>& args, const std::string& target);
  ~FfmpegProcess();  // closes the pipe and waits, so there is never an orphan or a zombie
  FfmpegProcess(const FfmpegProcess&) = delete;
  FfmpegProcess& operator=(const FfmpegProcess&) = delete;

  // Writes all of `bytes` to ffmpeg's stdin. Throws livedream::Error (runtime) when ffmpeg has
  // stopped, with ffmpeg's own reason ("No space left on device", ...).
  void write(const uint8_t* bytes, size_t size);
  // Closes stdin (end of input: ffmpeg writes the rest of the file) and waits for ffmpeg to exit.
  // Throws livedream::Error (runtime) when it failed. Does nothing the second time.
  void close();

  // Closes stdin and gives ffmpeg `grace` to finish (a stream's last packets), then kills it: a
  // live output must not hang its owner on a network that does not answer. Never throws.
  void close_within(std::chrono::milliseconds grace);
  // From any thread: SIGKILL, so a write blocked on a full pipe returns (with EPIPE).
  void kill() { child_->kill(); }

  pid_t pid() const { return child_ ? child_->pid() : -1; }

 private:
  std::string failure_message();  // one line from ffmpeg's log
  std::unique_ptr<ChildProcess> child_;
  std::string target_;  // the output, for messages
  bool closed_ = false;
};

}  // namespace livedream::capture
