#include "core/image_resize.h"

#include <stb_image_resize.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace livedream {

Image resize_image(const Image& image, int width, int height) {
  if (width <= 0 || height <= 0) throw usage_error("cannot resize an image to " + std::to_string(width) + "x" + std::to_string(height), "");
  Image out;
  out.width = width;
  out.height = height;
  out.rgb.resize(static_cast<size_t>(width) * height * 3);
  if (!stbir_resize_uint8_srgb(image.rgb.data(), image.width, image.height, 0, out.rgb.data(), width, height, 0, 3,
                               STBIR_ALPHA_CHANNEL_NONE, 0))
    throw runtime_error("image resize failed", "");
  return out;
}

PictureSize fitted_size(int width, int height, int max_dim) {
  const int longest = std::max(width, height);
  if (max_dim <= 0 || longest <= max_dim) return {width, height};
  const double scale = static_cast<double>(max_dim) / longest;
  return {std::max(1, static_cast<int>(std::lround(width * scale))), std::max(1, static_cast<int>(std::lround(height * scale)))};
}

Image fit_longest_side(const Image& image, int max_dim) {
  const PictureSize size = fitted_size(image.width, image.height, max_dim);
  if (size.width == image.width && size.height == image.height) return image;
  return resize_image(image, size.width, size.height);
}

}  // namespace livedream
