// What ffprobe says about a video, and its frames decoded back to images: the capture tests judge
// files the way a user's player would, not by trusting our own encoder.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "capture/synthetic_frames.h"
#include "core/image.h"

namespace livedream::test {

struct VideoProbe {
  bool ok = false;   // ffprobe read the file
  long frames = -1;  // decoded frames (-count_frames)
  int width = 0, height = 0;
  std::string frame_rate;  // r_frame_rate, e.g. "30/1"
  std::string codec, pix_fmt;
  std::string output;  // ffprobe's output, for INFO()
};

bool have_ffmpeg_tools();     // ffmpeg and ffprobe on PATH
void require_ffmpeg_tools();  // skips the test visibly when they are missing

VideoProbe probe_video(const std::string& path);

// The first audio stream of a file: its codec and duration in seconds (empty codec: none).
struct AudioProbe {
  std::string codec;
  double duration = -1;
  std::string output;  // ffprobe's output, for INFO()
};
AudioProbe probe_audio(const std::string& path);
// Catch checks that ffprobe read an H.264 yuv420p video of exactly `frames` frames of
// width x height at `fps` frames per second (what every MP4 livedream writes must be).
void check_h264_video(const VideoProbe& probe, long frames, int width, int height, int fps);
// Decodes every frame to PNGs in `dir` and loads them (small test videos only).
std::vector<Image> decode_frames(const std::string& path, const std::string& dir);

// Runs `body` in a forked child whose files may not grow past `max_bytes` (writes beyond fail
// with EFBIG, as on a full disk; SIGXFSZ is ignored). Returns the child's exit code, or 128+signal
// if it died: a crash shows up as a number over 128.
int run_with_file_size_limit(long max_bytes, const std::function<int()>& body);

}  // namespace livedream::test
