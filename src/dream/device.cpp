#include "dream/device.h"

#include <torch/cuda.h>

#include "core/error.h"

namespace livedream::dream {

bool cuda_available() { return torch::cuda::is_available(); }

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!cuda_available()) throw runtime_error("CUDA was requested but no CUDA device is available", "use --device cpu or --device auto");
    return torch::Device(torch::kCUDA, 0);
  }
  if (name == "auto") return cuda_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  throw usage_error("unknown device '" + name + "'", "use --device auto, cpu or cuda");
}

torch::ScalarType resolve_dtype(const std::string& name, const torch::Device& /*device*/) {
  if (name == "float32") return torch::kFloat32;
  if (name == "float64") return torch::kFloat64;
  if (name == "bfloat16") return torch::kBFloat16;
  // float16 runs on the CPU too (slowly: LibTorch has few fast half kernels there), so the GPU's
  // half precision can be checked on any machine.
  if (name == "float16") return torch::kFloat16;
  throw usage_error("unknown dtype '" + name + "'", "use float32, float16, float64 or bfloat16");
}

}  // namespace livedream::dream
