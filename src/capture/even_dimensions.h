// H.264 in yuv420p stores colour at half resolution, so both sides of a video frame must be even.
// Odd frames are padded by one row/column that repeats the last one: every dream pixel is kept
// (cropping would lose an edge) and no black line appears (ffmpeg's pad filter would add one).
#pragma once
#include "core/image.h"

namespace livedream::capture {

inline int round_up_to_even(int n) { return n + (n & 1); }

// A copy of `image` with odd sides padded to the next even number by repeating the last
// row/column; `image` itself (moved) when both sides are already even.
Image pad_to_even(Image image);

}  // namespace livedream::capture
