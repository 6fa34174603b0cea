// The one dream frame type, from the engine to the texture and to the recorder: (height, width, 4)
// uint8 RGBA, rows top first, `pitch` bytes apart, in host memory or in CUDA device memory.
// It does not own its pixels: `owner` keeps whatever holds them (a tensor, a vector) alive, so a
// frame can be handed from the engine's thread to the render thread and on to a recording's
// writer thread without a copy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/image.h"

namespace livedream {

struct RgbaFrame {
  int width = 0, height = 0;
  const uint8_t* data = nullptr;
  size_t pitch = 0;             // 0: tightly packed (width * 4)
  bool on_device = false;       // CUDA device memory (the interop upload), else host memory
  int cuda_device = 0;          // the device that holds a device frame
  void* cuda_stream = nullptr;  // the stream that wrote a device frame; copies are ordered after it (nullptr: the legacy default stream)
  int64_t step = 0;             // engine steps when it was taken
  uint64_t serial = 0;          // increases with every frame a session publishes
  std::shared_ptr<const void> owner;  // keeps the pixels alive

  size_t row_bytes() const { return pitch ? pitch : static_cast<size_t>(width) * 4; }
  bool empty() const { return !data || width <= 0 || height <= 0; }
};

// The RGB <-> RGBA conversions, the only ones in the program: PNGs and encoders store RGB, the
// texture and the frame queue carry RGBA. to_rgb needs a host frame (throws livedream::Error for a
// device frame); to_rgba_frame gives alpha 255 and owns its pixels.
Image to_rgb(const RgbaFrame& frame);
RgbaFrame to_rgba_frame(const Image& image, int64_t step = 0);

}  // namespace livedream
