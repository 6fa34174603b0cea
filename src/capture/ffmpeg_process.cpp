#include "capture/ffmpeg_process.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "core/error.h"

namespace livedream::capture {

std::vector<std::string> raw_rgb_input_args(int width, int height, const std::string& rate) {
  return {"-hide_banner",
          "-loglevel",
          "error",
          "-nostats",
          "-y",
          "-f",
          "rawvideo",
          "-pix_fmt",
          "rgb24",
          "-s",
          std::to_string(width) + "x" + std::to_string(height),
          "-framerate",
          rate,
          "-i",
          "pipe:0"};
}

FfmpegProcess::FfmpegProcess(const std::string& ffmpeg, const std::vector<std::string>& args, const std::string& target)
    : child_(std::make_unique<ChildProcess>(ffmpeg, args, ChildPipe::Stdin)), target_(target) {}

FfmpegProcess::~FfmpegProcess() {
  try {
    close();
  } catch (...) {
    // The owner already reported (or chose to ignore) the failure; a destructor must not throw.
  }
}

void FfmpegProcess::write(const uint8_t* bytes, size_t size) {
  if (child_->pipe_fd() < 0) throw runtime_error("writing to ffmpeg after the end of the recording", "this is a bug; please report it");
  while (size > 0) {
    const ssize_t n = ::write(child_->pipe_fd(), bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      child_->close_pipe();
      if (e == EPIPE) {  // ffmpeg has exited: its log says why
        child_->wait();
        throw runtime_error(failure_message(), "free disk space or choose another folder; what was written is kept");
      }
      throw runtime_error("cannot send frames to ffmpeg: " + std::string(std::strerror(e)), "retry the recording");
    }
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

void FfmpegProcess::close() {
  child_->close_pipe();
  if (closed_) return;
  closed_ = true;
  const bool was_running = !child_->exited();
  const int status = child_->wait();
  // ffmpeg 5 exits 0 even when writing the end of the file failed ("Error closing file ...:
  // File too large"); it runs with -loglevel error, so anything it logged is a failure.
  const bool failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0) || child_->log_has_text();
  if (was_running && failed) throw runtime_error(failure_message(), "check the folder and free disk space; what was written is kept");
}

void FfmpegProcess::close_within(std::chrono::milliseconds grace) {
  child_->close_pipe();
  if (closed_) return;
  closed_ = true;
  const auto until = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (!child_->try_wait(status) && std::chrono::steady_clock::now() < until) usleep(10 * 1000);
  if (!child_->exited()) child_->kill();
  child_->wait();
}

std::string FfmpegProcess::failure_message() {
  const std::string log = child_->log();
  // The usual causes, said plainly (ffmpeg's own lines name muxer internals).
  if (log.find("No space left on device") != std::string::npos) return "disk full while writing " + target_;
  if (log.find("File too large") != std::string::npos) return "file size limit reached while writing " + target_;
  if (log.find("Permission denied") != std::string::npos) return "no permission to write " + target_;
  // ffmpeg's first error line names the cause; later ones are consequences.
  const std::string line = child_->first_log_line();
  if (!line.empty()) return "ffmpeg failed writing " + target_ + ": " + line;
  const int status = child_->wait();
  if (WIFSIGNALED(status)) return "ffmpeg was killed by signal " + std::to_string(WTERMSIG(status)) + " while writing " + target_;
  return "ffmpeg stopped with exit code " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + " while writing " + target_;
}

}  // namespace livedream::capture
