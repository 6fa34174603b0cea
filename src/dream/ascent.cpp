#include "dream/ascent.h"

#include <torch/cuda.h>

#include <algorithm>
#include <chrono>

#include "dream/tiled_gradient.h"

namespace livedream::dream {

void normalise_gradient(torch::Tensor& gradient, LossKind kind) {
  constexpr double kEpsilon = 1e-8;
  if (kind == LossKind::Mean)
    gradient.div_(gradient.std(/*unbiased=*/false).add_(kEpsilon));
  else
    gradient.div_(gradient.abs().mean().add_(kEpsilon));
}

torch::Tensor ascent_step(torch::Tensor& image, Model& model, const Objective& objective, const AscentSettings& settings,
                          RollJitter& jitter, StepTimings& timings) {
  const bool tiled = settings.tile > 0 && (image.size(2) > settings.tile || image.size(3) > settings.tile);
  const RollShift shift = jitter.next(tiled ? std::max(settings.jitter, settings.tile) : settings.jitter);
  const auto rolled = shift.none() ? image : torch::roll(image, {shift.dy, shift.dx}, {2, 3});

  // Robust transforms: the network sees a padded, jittered, scaled and turned canvas; its gradient
  // comes back to the (rolled) image through the resample's adjoint.
  torch::Tensor grid;
  if (settings.robust) grid = settings.robust->grid(RobustTransforms::draw(jitter), rolled.size(2), rolled.size(3), rolled.options());
  const auto seen = settings.robust ? settings.robust->apply(rolled, grid) : rolled;

  // A neuron at a point finds its point through the roll; under the robust transforms it is found
  // on the canvas as if it were the picture, so it moves with the draw (a few pixels, and up to a
  // tenth of its distance from the centre), which is the robustness asked for.
  auto result = image_gradient(model, objective, seen, tiled ? settings.tile : 0, settings.sync_for_timing, settings.graphs, shift);
  timings.forward_ms = result.forward_ms;
  timings.backward_ms = result.backward_ms;

  const auto t0 = std::chrono::steady_clock::now();
  auto& gradient = result.gradient;
  if (settings.robust) gradient = settings.robust->gradient_to_image(gradient, rolled, grid);
  // Rolling the gradient back and updating the unrolled image is the same arithmetic as the
  // notebook's roll, update, clip, unroll (all element-wise), with one copy fewer.
  if (!shift.none()) gradient = torch::roll(gradient, {-shift.dy, -shift.dx}, {2, 3});
  if (settings.preconditioner) gradient = settings.preconditioner->apply(gradient, settings.progress);
  normalise_gradient(gradient, objective.kind());
  image.add_(gradient, settings.step_size).clamp_(-1.0, 1.0);
  if (settings.sync_for_timing && image.is_cuda()) torch::cuda::synchronize(image.device().index());
  timings.update_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return result.loss;
}

}  // namespace livedream::dream
