#include "capture/even_dimensions.h"

#include <cstring>

namespace livedream::capture {

Image pad_to_even(Image image) {
  const int w = round_up_to_even(image.width), h = round_up_to_even(image.height);
  if (image.empty() || (w == image.width && h == image.height)) return image;
  Image out;
  out.width = w;
  out.height = h;
  out.rgb.resize(static_cast<size_t>(w) * h * 3);
  const size_t src_row = static_cast<size_t>(image.width) * 3;
  for (int y = 0; y < h; ++y) {
    const int sy = y < image.height ? y : image.height - 1;
    uint8_t* dst = out.pixel(0, y);
    std::memcpy(dst, image.pixel(0, sy), src_row);
    if (w != image.width) std::memcpy(dst + src_row, dst + src_row - 3, 3);
  }
  return out;
}

}  // namespace livedream::capture
