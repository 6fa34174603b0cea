// Moving input, flow mode: the last frame's dream residual (dream minus its source) carried onto
// the next frame along the optical flow of the source frames,
//   x_t = I_t + decay * warp(x_{t-1} - I_{t-1}, flow_t), restarted from I_t where occluded.
// Carrying the residual rather than the dream keeps the picture tied to the new frame: nothing of
// the old frame's own content comes along (no ghosts), and the dream cannot pile up on itself
// (no drift towards white). The motion is uploaded once per frame; the steps never see it.
#pragma once
#include <torch/script.h>

#include "core/motion_field.h"

namespace livedream::dream {

class ResidualCarry {
 public:
  // Uploads the motion (the full-size backward flow as grid_sample positions, and decay where
  // visible, 0 where occluded) to the device and dtype of `options`.
  ResidualCarry(const MotionField& motion, float decay, const torch::TensorOptions& options);

  // The residual, (1, C, h, w) at any octave size of the frame, moved along the motion and
  // weighted: each pixel takes the residual from where its content was in the last frame.
  torch::Tensor carry(const torch::Tensor& residual) const;

 private:
  torch::Tensor grid_;  // (1, H, W, 2): normalised sample positions, align_corners=false
  torch::Tensor keep_;  // (1, 1, H, W): decay where visible, 0 where occluded
};

}  // namespace livedream::dream
