#include "core/rgba_frame.h"

#include <vector>

#include "core/error.h"

namespace livedream {
namespace {

// One pixel loop for both directions: copies the first three channels of every pixel, and writes
// alpha 255 when the destination has four.
void copy_rgb_channels(const uint8_t* src, size_t src_row_bytes, int src_channels, uint8_t* dst, int dst_channels, int width, int height) {
  const size_t dst_row_bytes = static_cast<size_t>(width) * dst_channels;
  for (int y = 0; y < height; ++y) {
    const uint8_t* s = src + src_row_bytes * y;
    uint8_t* d = dst + dst_row_bytes * y;
    for (int x = 0; x < width; ++x, s += src_channels, d += dst_channels) {
      d[0] = s[0];
      d[1] = s[1];
      d[2] = s[2];
      if (dst_channels == 4) d[3] = 255;
    }
  }
}

}  // namespace

Image to_rgb(const RgbaFrame& frame) {
  if (frame.on_device) throw runtime_error("a device frame cannot be read on the host", "ask the session for host frames");
  Image image;
  if (frame.empty()) return image;
  image.width = frame.width;
  image.height = frame.height;
  image.rgb.resize(static_cast<size_t>(frame.width) * frame.height * 3);
  copy_rgb_channels(frame.data, frame.row_bytes(), 4, image.rgb.data(), 3, frame.width, frame.height);
  return image;
}

RgbaFrame to_rgba_frame(const Image& image, int64_t step) {
  RgbaFrame frame;
  frame.step = step;
  if (image.empty()) return frame;
  auto pixels = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(image.width) * image.height * 4);
  copy_rgb_channels(image.rgb.data(), static_cast<size_t>(image.width) * 3, 3, pixels->data(), 4, image.width, image.height);
  frame.width = image.width;
  frame.height = image.height;
  frame.data = pixels->data();
  frame.owner = std::move(pixels);
  return frame;
}

}  // namespace livedream
