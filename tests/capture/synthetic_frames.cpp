#include "capture/synthetic_frames.h"

#include <algorithm>
#include <cstdlib>

namespace livedream::test {

Image synthetic_frame(int width, int height, int index) {
  Image image;
  image.width = width;
  image.height = height;
  image.rgb.resize(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      uint8_t* p = image.pixel(x, y);
      p[0] = static_cast<uint8_t>((x * 255) / std::max(width - 1, 1));
      p[1] = static_cast<uint8_t>((y * 255) / std::max(height - 1, 1));
      // A bright bar whose position encodes the index: frames differ visibly after encoding.
      p[2] = ((x + index * 7) % width) < width / 4 ? 255 : 0;
    }
  return image;
}

Image noise_frame(int width, int height, uint32_t seed) {
  Image image;
  image.width = width;
  image.height = height;
  image.rgb.resize(static_cast<size_t>(width) * height * 3);
  uint32_t state = seed * 2654435761u + 1;
  for (auto& byte : image.rgb) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    byte = static_cast<uint8_t>(state >> 24);
  }
  return image;
}

double mean_abs_difference(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.rgb.empty()) return -1.0;
  double sum = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
  return sum / static_cast<double>(a.rgb.size());
}

}  // namespace livedream::test
