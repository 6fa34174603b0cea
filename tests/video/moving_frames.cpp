#include "video/moving_frames.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace livedream::test {

Image crop(const Image& photo, int left, int top, int width, int height) {
  if (left < 0 || top < 0 || left + width > photo.width || top + height > photo.height)
    throw std::invalid_argument("crop outside the photo");
  Image out;
  out.width = width;
  out.height = height;
  out.rgb.resize(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) std::memcpy(out.pixel(0, y), photo.pixel(left, top + y), static_cast<size_t>(width) * 3);
  return out;
}

Image paste(const Image& background, const Image& patch, int left, int top, int size) {
  Image out = background;
  for (int y = 0; y < size; ++y) std::memcpy(out.pixel(left, top + y), patch.pixel(0, y), static_cast<size_t>(size) * 3);
  return out;
}

MotionField camera_shift(int width, int height, int dx, int dy) {
  MotionField motion;
  motion.width = width;
  motion.height = height;
  motion.backward.resize(static_cast<size_t>(width) * height * 2);
  motion.occluded.resize(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      motion.backward[2 * i] = static_cast<float>(dx);
      motion.backward[2 * i + 1] = static_cast<float>(dy);
      const int sx = x + dx, sy = y + dy;
      motion.occluded[i] = sx < 0 || sy < 0 || sx >= width || sy >= height;
    }
  return motion;
}

}  // namespace livedream::test
