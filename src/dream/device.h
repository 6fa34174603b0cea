// Choosing the compute device and dtype from the user's words, with clear errors.
#pragma once
#include <torch/types.h>

#include <string>

namespace livedream::dream {

bool cuda_available();
// "auto" -> CUDA when a device is present, else CPU. "cuda" without a device is an error.
torch::Device resolve_device(const std::string& name);
// Every dtype on every device: bfloat16 is fast on the CPU (AVX-512/AMX) and CUDA; float16 is for
// CUDA, and runs on the CPU only to verify it (slow); float64 is for verification.
torch::ScalarType resolve_dtype(const std::string& name, const torch::Device& device);

}  // namespace livedream::dream
