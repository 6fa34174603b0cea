// Feedback between steps for endless dreams: the dream is zoomed, rotated and panned a little
// (one affine resample), then pulled back towards the source by a fraction, before the next step.
#pragma once
#include <torch/script.h>

namespace livedream::dream {

struct FeedbackTransform {
  double zoom = 1.0;        // > 1 zooms in, about the centre
  double rotate_deg = 0.0;  // the picture turns counter-clockwise on screen
  double pan_x = 0.0;       // pixels: the view moves right (the picture moves left)
  double pan_y = 0.0;       // pixels: the view moves down (the picture moves up)
  bool is_identity() const { return zoom == 1.0 && rotate_deg == 0.0 && pan_x == 0.0 && pan_y == 0.0; }
};

// One bilinear resample of (N, C, H, W) by the transform; areas that come from outside the
// picture are mirrored in (reflection padding), so zooming out or panning leaves no black edges.
torch::Tensor resample_affine(const torch::Tensor& image, const FeedbackTransform& transform);

// In place: image = resample(image); image += source_blend * (source - image). The resample is
// skipped when the transform is the identity, so the image stays bit for bit what it was.
void apply_feedback(torch::Tensor& image, const torch::Tensor& source, const FeedbackTransform& transform, double source_blend);

}  // namespace livedream::dream
