// Conversions between 8-bit RGB images and the engine's image tensors. The engine keeps images
// as (1, 3, H, W) RGB in [-1, 1] (the TensorFlow tutorial's units: pixel / 127.5 - 1), whatever
// the model's own input convention, so step sizes mean the same for every model.
#pragma once
#include <torch/script.h>

#include "core/image.h"

namespace livedream::dream {

// (1, 3, H, W) in [-1, 1] with the given dtype and device.
torch::Tensor image_to_unit(const Image& image, const torch::TensorOptions& options);

// Rounds to the nearest 8-bit level; values outside [-1, 1] are clipped. Copies to the CPU.
Image unit_to_image(const torch::Tensor& unit);

// (H, W, 4) uint8, opaque, contiguous, on the tensor's own device (for a texture upload).
torch::Tensor unit_to_rgba8(const torch::Tensor& unit);

}  // namespace livedream::dream
