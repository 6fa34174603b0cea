#include "video/pipe_decoder.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "video/ffprobe_facts.h"

namespace livedream::video {

std::vector<std::string> decoder_args(const DecoderSpec& spec) {
  std::vector<std::string> args = {"-nostdin", "-hide_banner", "-loglevel", "error"};
  args.insert(args.end(), spec.input_args.begin(), spec.input_args.end());
  const std::string size = std::to_string(spec.width) + ":" + std::to_string(spec.height);
  // A file: the fps filter puts one frame on every tick of its rate from the first frame's time,
  // repeating a frame through the gap after it (a dropped frame, the end of an edit list) as a
  // player holds it on screen. Its output has strictly increasing timestamps, so the muxer has
  // nothing to complain about whatever order the B-frames' timestamps came in. A live input:
  // passthrough, each frame once as it arrives (the newest is what counts). The scale is a guard:
  // a stream that changes size mid-way must not shift every later frame on a pipe that has no
  // headers. ffmpeg applies a phone's rotation itself (autorotate), before both.
  const std::string filters = (spec.frame_rate.empty() ? std::string() : "fps=" + spec.frame_rate + ",") + "scale=" + size;
  std::vector<std::string> output = {"-i", spec.input, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters};
  if (spec.frame_rate.empty()) output.insert(output.end(), {"-vsync", "passthrough"});
  output.insert(output.end(), {"-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"});
  args.insert(args.end(), output.begin(), output.end());
  return args;
}

PipeDecoder::PipeDecoder(const DecoderSpec& spec, int cancel_fd) : spec_(spec), cancel_fd_(cancel_fd) {
  child_ = std::make_unique<ChildProcess>(spec_.ffmpeg, decoder_args(spec_), ChildPipe::Stdout);
}

PipeDecoder::~PipeDecoder() = default;  // the child's destructor kills and reaps a reader

PipeDecoder::Fill PipeDecoder::fill(uint8_t* bytes, size_t size, bool& partial) {
  using Clock = std::chrono::steady_clock;
  size_t done = 0;
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spec_.stall_timeout_s));
  while (done < size) {
    pollfd fds[2] = {{child_->pipe_fd(), POLLIN, 0}, {cancel_fd_, POLLIN, 0}};
    int wait_ms = -1;
    if (spec_.stall_timeout_s > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", spec_.stall_timeout_s);
        partial = done > 0;
        fail("sent no frame for " + std::string(seconds) + " s");
      }
      wait_ms = static_cast<int>(left);
    }
    const int ready = ::poll(fds, cancel_fd_ >= 0 ? 2 : 1, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail(std::string("cannot wait for ffmpeg: ") + std::strerror(errno));
    }
    if (cancel_fd_ >= 0 && (fds[1].revents & POLLIN)) return Fill::Cancelled;
    if (ready == 0) continue;
    const ssize_t n = ::read(child_->pipe_fd(), bytes + done, size - done);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      fail(std::string("cannot read from ffmpeg: ") + std::strerror(errno));
    }
    if (n == 0) {
      partial = done > 0;
      return Fill::End;
    }
    done += static_cast<size_t>(n);
    // Data arrived: the stall clock starts again.
    deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spec_.stall_timeout_s));
  }
  return Fill::Full;
}

bool PipeDecoder::read(Image& frame) {
  if (ended_) return false;
  frame.width = spec_.width;
  frame.height = spec_.height;
  frame.rgb.resize(static_cast<size_t>(spec_.width) * spec_.height * 3);
  bool partial = false;
  const Fill result = fill(frame.rgb.data(), frame.rgb.size(), partial);
  if (result == Fill::Full) {
    ++frames_read_;
    return true;
  }
  ended_ = true;
  if (result == Fill::Cancelled) return false;
  // End of the pipe. ffmpeg exits 0 after harmless complaints (an edit list's timestamps) and
  // also after "partial file" on a cut-off MP4: its exit status and the frames missing decide,
  // and its words are kept as a warning for a clean end.
  child_->close_pipe();
  const int status = child_->wait();
  const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  const bool logged = child_->log_has_text();
  const std::string line = logged ? child_->first_log_line() : std::string();
  if (exited_ok && !partial && !frames_missing(frames_read_, spec_.expected_frames, logged)) {
    if (logged) warning_ = spec_.what + ": ffmpeg said: " + line;
    return false;
  }
  if (exited_ok && !partial)  // frames missing (frames_missing() needs ffmpeg to have said something)
    fail(std::to_string(spec_.expected_frames - frames_read_) + " of its frames are missing (" + explain_ffmpeg_error(line) + ")");
  fail(line.empty() ? "ffmpeg stopped (" + ChildProcess::describe_status(status) + ")" : explain_ffmpeg_error(line));
}

bool frames_missing(int64_t read, int64_t expected, bool logged) {
  if (!logged || expected <= 0) return false;
  // The expected count comes from a duration rounded to milliseconds and from where the last
  // frame ends: a frame or two either way is rounding, not a cut.
  const int64_t slack = std::max<int64_t>(2, expected / 50);
  return expected - read > slack;
}

void PipeDecoder::fail(const std::string& problem) {
  ended_ = true;
  child_->kill();
  const std::string where = frames_read_ == 0 ? std::string("before its first frame") : "after " + std::to_string(frames_read_) + " frames";
  throw runtime_error(spec_.what + " stopped " + where + ": " + problem,
                      "the input is truncated or broke off; what was read so far is used");
}

}  // namespace livedream::video
