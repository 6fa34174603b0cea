// One gradient ascent step on an image, as the TensorFlow tutorial defines it (or the Caffe
// notebook's variant): roll by a random shift, gradient of the objective, normalise, step, clip,
// roll back. Optionally the picture is also transformed (Lucid's robustness transforms) and the
// gradient preconditioned (dream/precondition.h) before it is normalised.
#pragma once
#include <torch/script.h>

#include "core/dream_params.h"
#include "dream/cuda_graphs.h"
#include "dream/engine.h"
#include "dream/jitter.h"
#include "dream/model.h"
#include "dream/objective.h"
#include "dream/precondition.h"
#include "dream/robust_transforms.h"

namespace livedream::dream {

// The gradient divided by its spread, so the step size is in image units whatever the layer:
// LossKind::Mean: by its standard deviation + 1e-8 (the tutorial; population std, as TF's reduce_std);
// LossKind::MeanSquare: by its mean absolute value + 1e-8 (the Caffe notebook). In place.
void normalise_gradient(torch::Tensor& gradient, LossKind kind);

struct AscentSettings {
  float step_size = 0.01f;
  int jitter = 0;  // max roll in pixels
  int tile = 0;    // 0: never tile
  bool sync_for_timing = false;
  GradientGraphs* graphs = nullptr;                // CUDA graphs for repeated shapes (opt-in), or none
  const Preconditioner* preconditioner = nullptr;  // shapes the gradient before it is normalised; none: raw
  float progress = 1.0f;                           // the octave's steps done, 0..1 (the smooth mode's blur)
  RobustTransforms* robust = nullptr;              // Lucid's transforms after the roll; none: the roll only
};

// Updates `image` ((1, 3, H, W) in [-1, 1]) in place and returns the loss (a device tensor, read
// only when asked). When the image is tiled, the roll covers up to a whole tile, so the seams land
// somewhere new every step. Timings go to `timings` (update_ms included; total_ms untouched).
torch::Tensor ascent_step(torch::Tensor& image, Model& model, const Objective& objective, const AscentSettings& settings,
                          RollJitter& jitter, StepTimings& timings);

}  // namespace livedream::dream
