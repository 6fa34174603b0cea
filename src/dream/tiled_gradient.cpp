#include "dream/tiled_gradient.h"

#include <torch/csrc/autograd/autograd.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>

#include "dream/precision.h"

namespace livedream::dream {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }

void wait_for(const torch::Device& device, bool sync) {
  if (sync && device.is_cuda()) torch::cuda::synchronize(device.index());
}

// The input gradient of a loss scaled by `scale` (dream/precision.h), back in the image's dtype and
// units. A copy even where the dtypes agree, so undoing the scale never writes into a graph's output.
torch::Tensor unscaled(const torch::Tensor& gradient, torch::ScalarType dtype, double scale) {
  if (scale == 1.0) return gradient.to(dtype);
  return gradient.to(dtype, /*non_blocking=*/false, /*copy=*/true).div_(scale);
}

}  // namespace

std::vector<Span> tile_spans(int64_t length, int64_t tile, int64_t align, int64_t min_length) {
  if (tile <= 0 || length <= tile) return {{0, length}};
  align = std::max<int64_t>(align, 1);
  const int64_t step = std::max(align, tile - tile % align);
  std::vector<Span> spans;
  for (int64_t start = 0; start < length; start += step) spans.push_back({start, std::min(step, length - start)});
  if (spans.size() > 1 && spans.back().length < std::max(step / 2, min_length)) {
    const int64_t rest = spans.back().length;
    spans.pop_back();
    spans.back().length += rest;
  }
  return spans;
}

ImageGradient image_gradient(Model& model, const Objective& objective, const torch::Tensor& image, int64_t tile, bool sync_for_timing,
                             GradientGraphs* graphs, RollShift roll) {
  ImageGradient result;
  const int64_t height = image.size(2), width = image.size(3);
  const auto rows = tile_spans(height, tile, objective.max_stride(), model.min_input_size());
  const auto cols = tile_spans(width, tile, objective.max_stride(), model.min_input_size());
  const bool whole = rows.size() == 1 && cols.size() == 1;
  const double scale = loss_scale(model.dtype());
  if (whole && graphs && !objective.depends_on_view()) {
    const auto t0 = Clock::now();
    torch::Tensor grad, loss;
    if (graphs->run(model, objective, image, grad, loss)) {
      result.gradient = unscaled(grad, image.scalar_type(), scale);
      result.loss = loss;
      wait_for(model.device(), sync_for_timing);
      result.forward_ms = elapsed_ms(t0);
      return result;
    }
  }
  if (!whole) result.gradient = torch::empty_like(image);
  for (const auto& row : rows) {
    for (const auto& col : cols) {
      auto t0 = Clock::now();
      // A leaf of its own per tile: the graph (and its memory) covers this tile only.
      auto crop = whole ? image : image.slice(2, row.start, row.start + row.length).slice(3, col.start, col.start + col.length);
      auto x = crop.detach().to(model.input_dtype()).requires_grad_(true);
      const InputView view{height, width, row.start, col.start, row.length, col.length, roll.dy, roll.dx};
      auto loss = objective.loss(model, x, view);
      wait_for(model.device(), sync_for_timing);
      result.forward_ms += elapsed_ms(t0);

      t0 = Clock::now();
      auto grad = torch::autograd::grad({scale == 1.0 ? loss : loss * scale}, {x})[0];
      if (whole)
        result.gradient = unscaled(grad, image.scalar_type(), scale);
      else
        result.gradient.slice(2, row.start, row.start + row.length).slice(3, col.start, col.start + col.length).copy_(grad);
      const auto detached = loss.detach();
      result.loss = result.loss.defined() ? result.loss + detached : detached;
      wait_for(model.device(), sync_for_timing);
      result.backward_ms += elapsed_ms(t0);
    }
  }
  if (!whole && scale != 1.0) result.gradient.div_(scale);
  return result;
}

}  // namespace livedream::dream
