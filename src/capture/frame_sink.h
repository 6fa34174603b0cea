// Where a live output sends frames: a network stream through ffmpeg, a v4l2 virtual camera. A
// PacedOutput's thread owns one sink and is its only caller, so implementations need no locking.
#pragma once
#include <string>

#include "core/rgba_frame.h"

namespace livedream::capture {

class FrameSink {
 public:
  virtual ~FrameSink() = default;  // closes; never throws
  // Opens for frames of width x height. Throws livedream::Error (runtime) with the reason and the fix.
  virtual void open(int width, int height) = 0;
  // Sends one host frame of the opened size, once per tick. `source_s`: where in the source (a
  // video) the picture is, in seconds, for a sink that passes the source's sound on; < 0: none.
  // Throws livedream::Error (runtime) when the destination went away (connection dropped, device
  // unplugged): the output closes and retries.
  virtual void send(const RgbaFrame& frame, double source_s) = 0;
  virtual void close() = 0;  // never throws
  // From another thread, while a send may be blocked (a network that stopped reading): makes it
  // return with an error soon. The output calls it only when stopping.
  virtual void abort() {}
  // For messages: "udp://127.0.0.1:5000 (MPEG-TS)", "/dev/video7 (YUYV 640x480)".
  virtual std::string describe() const = 0;
};

}  // namespace livedream::capture
