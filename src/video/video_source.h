// Moving pictures in: video files (anything ffmpeg reads), image sequences (frames/%06d.png),
// network streams (http(s), rtsp) and cameras (camera, camera:N, /dev/videoN through V4L2),
// decoded by the ffmpeg program into RGB8 frames. Knows nothing of LibTorch, GL or the engine.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/image.h"

namespace livedream::video {

// True when INPUT names something to open as video rather than as a still image: a video file
// extension (.mp4 .mkv .avi .mov .webm .gif ...), a printf frame pattern (%d, %06d), an rtsp://
// URL or an http(s) URL of a video file, or a camera (camera, camera:N, /dev/videoN).
bool is_video_input(const std::string& input);

struct VideoInfo {
  std::string name;           // what the user gave, for messages
  int width = 0, height = 0;  // decoded frame size (the source's, before --max-dim)
  double fps = 0;             // frames per second: the stream's own rate (r_frame_rate), which files are decoded at
  std::string frame_rate;     // the same rate exactly, as ffmpeg writes it ("30000/1001")
  // -1: unknown (streams, cameras). Duration x rate, which the decoded count matches within a
  // frame or two: read() until false for the true end.
  int64_t frame_count = -1;
  double duration_s = -1;  // -1: unknown
  bool has_audio = false;
  bool live = false;  // a camera or a stream: no seeking, frames arrive in real time
};

class VideoSource {
 public:
  // Probes and opens INPUT, starting at `start_s` seconds (files only). Throws livedream::Error
  // with one line naming the input, the problem and the fix (no ffmpeg, missing file, not a
  // video, no such camera, unreachable stream).
  static std::unique_ptr<VideoSource> open(const std::string& input, double start_s = 0.0);
  virtual ~VideoSource() = default;

  virtual const VideoInfo& info() const = 0;
  // The next frame into `frame` (RGB8 at info().width x height). False at the end of a file.
  // Throws livedream::Error when the input fails mid-way (truncated file, stream that stopped).
  virtual bool read(Image& frame) = 0;
  // Files only: the next read() returns the frame at `seconds`. Throws for live inputs.
  virtual void seek(double seconds) = 0;
  // Index of the frame the last read() returned, from the start of the file (not of start_s).
  virtual int64_t position() const = 0;
  // After read() returned false at the end: what ffmpeg complained about while decoding the
  // whole input (one line for a warning; the frames are all there), or empty.
  virtual std::string warning() const { return {}; }
  // Thread-safe: a read() blocked in another thread (a camera, a stalled stream) returns false
  // promptly, and so do later ones. For the thread that owns the reads to stop.
  virtual void interrupt() {}
};

}  // namespace livedream::video
