// Shared helpers for the engine tests: the shared GoogLeNet, small crops of the sky photo, and
// parameters without randomness (no jitter, no tiling, no resizing) unless a test asks for them.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <ostream>
#include <string>

#include "core/dream_params.h"
#include "core/image.h"
#include "core/image_resize.h"
#include "dream/model.h"
#include "dream/octaves.h"
#include "dream/tiled_gradient.h"
#include "support/test_env.h"

namespace livedream::dream {
// For Catch's messages when a comparison fails.
inline std::ostream& operator<<(std::ostream& out, const OctaveSize& s) { return out << s.height << "x" << s.width; }
inline std::ostream& operator<<(std::ostream& out, const Span& s) { return out << "[" << s.start << ", +" << s.length << ")"; }
}  // namespace livedream::dream

namespace livedream::test {

inline std::shared_ptr<dream::Model> googlenet(torch::ScalarType dtype = torch::kFloat32) {
  return std::make_shared<dream::Model>(dream::Model::load(shared_model("googlenet_bvlc.pt"), torch::kCPU, dtype));
}

// The sky photo scaled to exactly width x height (small sizes keep the tests fast).
inline Image sky(int width, int height) { return resize_image(load_image(shared_image("sky.jpg")), width, height); }

inline DreamParams plain_params(const std::string& layers, int steps) {
  DreamParams p;
  p.layers = parse_layers(layers);
  p.steps = steps;
  p.octaves = 1;
  p.jitter = 0;
  p.tile = 0;
  p.max_dim = 0;
  return p;
}

// Largest absolute difference in 0..255 units between two [-1, 1] images.
inline double max_diff_levels(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>() * 127.5;
}

}  // namespace livedream::test
