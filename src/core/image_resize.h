// CPU image resampling for inputs (fitting to --max-dim); the engine resamples tensors itself.
#pragma once
#include "core/image.h"

namespace livedream {

// Area-averaging/bilinear resize (stb_image_resize) to exactly width x height.
Image resize_image(const Image& image, int width, int height);

// Scales down so the longest side is at most max_dim (no-op when it already fits or max_dim <= 0).
Image fit_longest_side(const Image& image, int max_dim);

// The size fit_longest_side gives a width x height picture, without resizing anything.
struct PictureSize {
  int width = 0, height = 0;
};
PictureSize fitted_size(int width, int height, int max_dim);

}  // namespace livedream
