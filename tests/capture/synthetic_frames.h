// Test frames that are cheap to make and easy to tell apart, for capture tests and the helper.
#pragma once
#include <cstdint>

#include "core/image.h"

namespace livedream::test {

// A gradient with a bright bar whose position encodes `index`: frames differ visibly after encoding.
Image synthetic_frame(int width, int height, int index);
// Pseudo-random noise: incompressible, so files grow fast (for full-disk tests).
Image noise_frame(int width, int height, uint32_t seed);
// Mean absolute difference per byte; -1 when the sizes differ.
double mean_abs_difference(const Image& a, const Image& b);

}  // namespace livedream::test
