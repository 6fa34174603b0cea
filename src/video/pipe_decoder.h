// One ffmpeg process decoding an input to raw RGB8 frames on a pipe that livedream reads: the
// whole decoder for every kind of input (ffmpeg's own demuxers do the files, patterns, streams
// and V4L2 cameras). A read waits at most `stall_timeout_s` for the next frame (live inputs), and
// another thread can cut a wait short (interrupt).
//
// Files are decoded as players show them: one frame per tick of the stream's rate, a frame held
// as long as its timestamp says (variable frame rates, the gaps an edit list leaves), so frame N
// is the picture at N / rate and the frame count matches the duration. Whether it failed is
// judged by ffmpeg's exit status and by frames missing, not by its log: ffmpeg logs harmless
// complaints about real files (an edit list's timestamps) and still decodes them whole; such
// words become a warning.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/child_process.h"
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
  // Files: the rate to decode at ("25/1", "30000/1001"), frames repeated or dropped to keep time.
  // Empty for live inputs: every frame as it arrives.
  std::string frame_rate;
  // How many frames this decode should give (-1: unknown). An ffmpeg that exits 0 with
  // complaints after clearly fewer frames than this read a file that is cut short.
  int64_t expected_frames = -1;
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
  // After a clean end: what ffmpeg logged while decoding the whole input (one line, for a
  // warning), or empty.
  const std::string& warning() const { return warning_; }

 private:
  enum class Fill { Full, End, Cancelled };
  Fill fill(uint8_t* bytes, size_t size, bool& partial);
  [[noreturn]] void fail(const std::string& problem);

  DecoderSpec spec_;
  int cancel_fd_;
  std::unique_ptr<ChildProcess> child_;
  int64_t frames_read_ = 0;
  bool ended_ = false;
  std::string warning_;
};

// The ffmpeg command line (after the program name) that decodes `spec`, for tests and messages.
std::vector<std::string> decoder_args(const DecoderSpec& spec);

// True when ffmpeg's exit after `read` of `expected` frames (-1: unknown) with a log says the
// input was cut short: a clean exit whose log has text and whose frames fall short by more
// than a rounding of the duration can explain.
bool frames_missing(int64_t read, int64_t expected, bool logged);

}  // namespace livedream::video
