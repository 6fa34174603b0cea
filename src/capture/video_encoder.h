// What a recording writes to: an MP4 or GIF through ffmpeg, or a PNG sequence. The recorder's
// writer thread owns one encoder and is the only caller, so implementations need no locking.
#pragma once
#include <string>

#include "core/image.h"

namespace livedream::capture {

class VideoEncoder {
 public:
  virtual ~VideoEncoder() = default;  // finishes the file if finish() was not called; never throws

  // Appends one frame. Every frame has the size of the first (the recorder sees to it).
  // Throws livedream::Error (runtime) when the frame cannot be written (disk full, ffmpeg gone);
  // what was written before stays playable.
  virtual void write(const Image& frame) = 0;
  // Completes the file and releases the encoder. Throws like write(). Calling it again does nothing.
  virtual void finish() = 0;
  // Where the frames go, for messages: the file, or the PNG file name pattern.
  virtual std::string target() const = 0;
};

}  // namespace livedream::capture
