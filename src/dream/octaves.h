// Octave geometry and resampling, shared by the progressive and the cycling schedules.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <vector>

namespace livedream::dream {

struct OctaveSize {
  int64_t height = 0, width = 0;
  bool operator==(const OctaveSize&) const = default;
};

// The sizes of `octaves` octaves, smallest first, the last being height x width itself:
// octave i (counted down from the full size) is full / scale^i, rounded half up. The factor is
// raised where needed so the shorter side stays at least min_side (the network's smallest input);
// both sides keep the same factor, so the aspect ratio holds.
std::vector<OctaveSize> octave_sizes(int64_t height, int64_t width, int octaves, double scale, int64_t min_side);

// Bilinear resample of an (N, C, H, W) tensor to `size`, antialiased when shrinking (an area-like
// filter, so fine detail does not alias into the smaller octave). Returns `x` itself when the
// size already matches.
torch::Tensor resample(const torch::Tensor& x, OctaveSize size);

}  // namespace livedream::dream
