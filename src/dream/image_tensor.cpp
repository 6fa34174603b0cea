#include "dream/image_tensor.h"

#include <cstring>

namespace livedream::dream {
namespace {

// (1, 3, H, W) in [-1, 1] -> (H, W, 3) uint8 on the same device.
torch::Tensor unit_to_hwc8(const torch::Tensor& unit) {
  TORCH_CHECK(unit.dim() == 4 && unit.size(0) == 1 && unit.size(1) == 3, "expected a (1, 3, H, W) image tensor");
  return unit[0].detach().add(1.0).mul_(127.5).round_().clamp_(0.0, 255.0).to(torch::kUInt8).permute({1, 2, 0});
}

}  // namespace

torch::Tensor image_to_unit(const Image& image, const torch::TensorOptions& options) {
  // from_blob does not copy: the clone below owns the pixels before `image` can go away.
  auto hwc = torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
  auto chw = hwc.permute({2, 0, 1}).unsqueeze(0).to(options.dtype(), /*non_blocking=*/false, /*copy=*/true);
  return chw.div_(127.5).sub_(1.0).to(options.device()).contiguous();
}

Image unit_to_image(const torch::Tensor& unit) {
  const auto hwc = unit_to_hwc8(unit).to(torch::kCPU).contiguous();
  Image image;
  image.height = static_cast<int>(hwc.size(0));
  image.width = static_cast<int>(hwc.size(1));
  image.rgb.resize(static_cast<size_t>(hwc.numel()));
  std::memcpy(image.rgb.data(), hwc.data_ptr<uint8_t>(), image.rgb.size());
  return image;
}

torch::Tensor unit_to_rgba8(const torch::Tensor& unit) {
  const auto hwc = unit_to_hwc8(unit);
  auto alpha = torch::full({hwc.size(0), hwc.size(1), 1}, 255, hwc.options());
  return torch::cat({hwc, alpha}, 2).contiguous();
}

}  // namespace livedream::dream
