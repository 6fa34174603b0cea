// The filter a feedback zoom resamples with: band-limited, so that it blurs every pixel alike.
//
// A zoom samples each output pixel at a different sub-pixel offset from the input grid, and the
// pixels next to its fixed point at almost none. A short filter passes fine detail by an amount
// that depends on that offset: the quadratic B-spline passes 57% of a pattern 2.7 px long at
// offset 0 and 38% at offset 1/2. Zoomed again every step, the fixed point keeps 1.5x more of
// the ascent's detail than the pixels around it, every step, and the dream builds a sharp stroke
// through the vanishing point (issue 24: the endless zoom's seam). A filter whose spectrum is
// zero beyond 1.3 pi (cycles per pixel times 2 pi) has no alias below 0.7 pi, so up to there
// its gain is the same at every offset (within 2%, six taps); the raised cosine between 0.2 pi
// and 1.3 pi never amplifies (gain <= 1 at every frequency and offset) and passes more detail
// than the B-spline below 0.75 pi. The weights of each position are corrected to reproduce
// constant and linear pictures exactly (a ramp stays a ramp).
#pragma once
#include <torch/script.h>

#include "core/dream_params.h"

namespace livedream::dream {

// Where one axis of an output samples its input: 6 taps per output position.
struct AxisTaps {
  torch::Tensor index;   // (6 * M) int64, tap-major: input indices, the border already resolved
  torch::Tensor weight;  // (6, M) the taps' weights, summing to 1 over the taps of a position
};

inline constexpr int64_t kZoomFilterTaps = 6;

// The filter's kernel at distance x (pixels): zero from |x| >= 3.
torch::Tensor zoom_filter_kernel(const torch::Tensor& x);

// Taps for sampling an axis of `length` pixels at `positions` (float64, pixel indices: pixel j's
// centre is j). Outside the axis the taps read the picture mirrored about its outer edges
// (Reflect, Source) or its edge pixel (Edge). Weights are made in float64 and given `dtype`.
AxisTaps zoom_filter_taps(const torch::Tensor& positions, int64_t length, BorderFill border, torch::ScalarType dtype, torch::Device device);

// Resamples dimension `dim` (2: rows, 3: columns) of an (N, C, H, W) picture with the taps.
torch::Tensor resample_axis(const torch::Tensor& image, int64_t dim, const AxisTaps& taps);

}  // namespace livedream::dream
