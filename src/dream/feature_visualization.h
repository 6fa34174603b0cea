// Feature visualization: the picture that excites one channel of a layer most, grown from seeded
// noise by gradient ascent (Olah et al., "Feature Visualization", Distill 2017; Lucid's recipe:
// a preconditioned gradient, and small random moves, zooms and turns each step so that only
// features that survive them grow, not patterns tied to one pixel grid).
// Several channels run as one batch: image i maximises the mean of channel i's activation.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "dream/model.h"
#include "core/dream_params.h"
#include "dream/precondition.h"

namespace livedream::dream {

struct FeatureVisualizationOptions {
  int size = 96;  // square picture side, pixels
  // 32 steps of 0.08 give pictures as recognisable at 96 px as 64 of 0.05 (looked at side by side
  // on inception_4c 0-15) in half the time: the 512 channels of a layer fit in minutes on 2 cores.
  int steps = 32;           // ascent steps
  float step_size = 0.08f;  // per step, on the [-1, 1] image, of the mean-abs-normalised gradient
  Precondition precondition = Precondition::Fourier;
  // Robust: Lucid's pad, jitter, scale and rotation each step (dream/robust_transforms.h); Roll: a
  // reflected pad of `jitter` pixels and a random shift of up to as many.
  Transforms transforms = Transforms::Robust;
  int jitter = 4;
  uint64_t seed = 0;  // with the channel, the starting noise: the same channel gives the same picture
};

// The channel's starting noise, (1, 3, size, size) in [-1, 1] units: a function of seed and
// channel only, so a channel's picture does not depend on the batch it runs in.
torch::Tensor starting_noise(int64_t channel, const FeatureVisualizationOptions& options);

// Throws livedream::Error (usage) for an unknown layer, a channel out of range, a size below the
// model's minimum or fewer than one step.
void check_visualization_request(Model& model, const std::string& layer, const std::vector<int64_t>& channels,
                                 const FeatureVisualizationOptions& options);

// One picture per entry of `channels`, in that order, computed as one batch of channels.size()
// images. Throws livedream::Error (usage) for an unknown layer or a channel out of range.
std::vector<Image> visualize_channels(Model& model, const std::string& layer, const std::vector<int64_t>& channels,
                                      const FeatureVisualizationOptions& options);

}  // namespace livedream::dream
