#include "dream/temporal_carry.h"

#include <stdexcept>

#include "dream/octaves.h"

namespace livedream::dream {

ResidualCarry::ResidualCarry(const MotionField& motion, float decay, const torch::TensorOptions& options) {
  const int64_t w = motion.width, h = motion.height;
  if (motion.empty() || motion.backward.size() != static_cast<size_t>(w * h * 2) || motion.occluded.size() != static_cast<size_t>(w * h))
    throw std::invalid_argument("ResidualCarry: the motion field's arrays do not match its size");
  const auto host_float = torch::TensorOptions().dtype(torch::kFloat32);
  // One copy to the device each; the grid is built there.
  const auto flow = torch::from_blob(const_cast<float*>(motion.backward.data()), {1, h, w, 2}, host_float)
                        .to(options.device(), options.dtype().toScalarType());
  const auto occluded = torch::from_blob(const_cast<uint8_t*>(motion.occluded.data()), {1, 1, h, w}, torch::kUInt8).to(options.device());
  // Pixel (x, y) samples the last frame at (x + dx, y + dy); grid_sample with align_corners=false
  // puts pixel centres at (2x + 1) / W - 1.
  const auto xs = torch::arange(w, options).view({1, 1, w});
  const auto ys = torch::arange(h, options).view({1, h, 1});
  const auto gx = (2.0 * (xs + flow.select(3, 0)) + 1.0) / static_cast<double>(w) - 1.0;
  const auto gy = (2.0 * (ys + flow.select(3, 1)) + 1.0) / static_cast<double>(h) - 1.0;
  grid_ = torch::stack({gx, gy}, 3).contiguous();
  if (motion.carry_weight.size() == static_cast<size_t>(w * h)) {
    const auto weight =
        torch::from_blob(const_cast<uint8_t*>(motion.carry_weight.data()), {1, 1, h, w}, torch::kUInt8).to(options.device());
    keep_ = weight.to(options.dtype().toScalarType()) * (static_cast<double>(decay) / 255.0);
  } else {
    keep_ = (1.0 - occluded.to(options.dtype().toScalarType())) * static_cast<double>(decay);
  }
}

torch::Tensor ResidualCarry::carry(const torch::Tensor& residual) const {
  const OctaveSize size{residual.size(2), residual.size(3)};
  auto grid = grid_;
  auto keep = keep_;
  if (size.height != grid_.size(1) || size.width != grid_.size(2)) {
    // A smaller octave: normalised positions do not depend on the size, so the grid is the
    // full-size one resampled (a linear field stays exact under bilinear resampling).
    grid = resample(grid_.permute({0, 3, 1, 2}), size).permute({0, 2, 3, 1}).contiguous();
    keep = resample(keep_, size);
  }
  const auto moved = torch::grid_sampler(residual, grid, /*bicubic*/ 2, /*zeros*/ 0, /*align_corners=*/false);
  return moved * keep;
}

}  // namespace livedream::dream
