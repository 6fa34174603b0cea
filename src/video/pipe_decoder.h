// One ffmpeg process decoding an input to raw RGB8 frames on a pipe that livedream reads: the
// whole decoder for every kind of input (ffmpeg's own demuxers do the files, patterns, streams
// and V4L2 cameras). A read waits at most `stall_timeout_s` for the next frame (live inputs), and
// another thread can cut a wait short (interrupt). A child that ends early says why in one line.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "capture/child_process.h"
#include "core/image.h"

namespace livedream::video {

struct DecoderSpec {
  std::string ffmpeg;
  std::string name;                     // the input as the user gave it, for messages
  std::string what;                     // "video file NAME", "camera /dev/video0", ... for messages
  std::vector<std::string> input_args;  // before -i (format, timeouts, -ss)
  std::string input;                    // after -i
  int width = 0, height = 0;            // the frames' size (ffmpeg scales to it: a pipe has no headers)
  double stall_timeout_s = 0;           // <= 0: wait as long as ffmpeg works (local files)
};

class PipeDecoder {
 public:
  // Starts ffmpeg. `cancel_fd`: a descriptor that becomes readable when reads must stop (-1: none).
  PipeDecoder(const DecoderSpec& spec, int cancel_fd);
  ~PipeDecoder();  // kills ffmpeg if it is still running and reaps it
  PipeDecoder(const PipeDecoder&) = delete;
  PipeDecoder& operator=(const PipeDecoder&) = delete;

  // The next frame into `frame` (reusing its pixels). False at the clean end of the input or
  // when cancelled. Throws livedream::Error (runtime) when ffmpeg stops on an error mid-way (a
  // truncated file, a stream that broke off), when a frame is cut short, or on a stall.
  bool read(Image& frame);
  int64_t frames_read() const { return frames_read_; }

 private:
  enum class Fill { Full, End, Cancelled };
  Fill fill(uint8_t* bytes, size_t size, bool& partial);
  [[noreturn]] void fail(const std::string& problem);

  DecoderSpec spec_;
  int cancel_fd_;
  std::unique_ptr<capture::ChildProcess> child_;
  int64_t frames_read_ = 0;
  bool ended_ = false;
};

// The ffmpeg command line (after the program name) that decodes `spec`, for tests and messages.
std::vector<std::string> decoder_args(const DecoderSpec& spec);

}  // namespace livedream::video
