// The gradient of the objective with respect to the image, computed whole or tile by tile.
// Tiling (the TensorFlow tutorial's get_tiled_gradients) bounds memory by the tile instead of the
// image: each tile has its own forward and backward pass. The caller rolls the image by a random
// shift each step so the seams move and never show.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <vector>

#include "dream/cuda_graphs.h"
#include "dream/jitter.h"
#include "dream/model.h"
#include "dream/objective.h"

namespace livedream::dream {

struct Span {
  int64_t start = 0, length = 0;
  bool operator==(const Span&) const = default;
};

// Splits [0, length) into tiles of at most `tile` (rounded down to a multiple of `align`), each
// starting on a multiple of `align` so that a tile's activations sit on the whole image's grid.
// A last piece shorter than half a tile (or than min_length) joins its neighbour, so no tile is
// too small for the network: tiles are between half a tile and one and a half tiles long.
// tile <= 0 or length <= tile: one span.
std::vector<Span> tile_spans(int64_t length, int64_t tile, int64_t align, int64_t min_length);

struct ImageGradient {
  torch::Tensor gradient;                  // like the image: same shape, dtype and device, not normalised
  torch::Tensor loss;                      // scalar on the device, the objective of the whole image
  double forward_ms = 0, backward_ms = 0;  // host wall-clock (device work only if synced)
};

// `image` is (1, 3, H, W) in [-1, 1]; it is cast to the model's dtype for the network. Tiled
// when tile > 0 and the image is larger than the tile. Each tile's loss is weighted by the share
// of the image it covers (a neuron at a point counts whole, in the tile that holds it), so the total is the whole-image objective and, away from tile borders,
// the gradient equals the untiled one. `sync_for_timing` waits for the device around each phase
// (only for measuring; it costs throughput on a GPU). With `graphs`, an untiled CUDA gradient may
// come from a replayed CUDA graph (then forward_ms holds the whole gradient's time), unless the
// objective depends on the view. `roll` is the shift the caller rolled the picture by (a neuron
// at a point finds its point through it).
ImageGradient image_gradient(Model& model, const Objective& objective, const torch::Tensor& image, int64_t tile,
                             bool sync_for_timing = false, GradientGraphs* graphs = nullptr, RollShift roll = {});

}  // namespace livedream::dream
