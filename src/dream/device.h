// Choosing the compute device and dtype from the user's words, with clear errors.
#pragma once
#include <torch/types.h>

#include <string>

namespace livedream::dream {

bool cuda_available();
// "auto" -> CUDA when a device is present, else CPU. "cuda" without a device is an error.
torch::Device resolve_device(const std::string& name);
// float16 needs CUDA; bfloat16 is offered for the CPU (AVX-512/AMX) and CUDA.
torch::ScalarType resolve_dtype(const std::string& name, const torch::Device& device);

}  // namespace livedream::dream
