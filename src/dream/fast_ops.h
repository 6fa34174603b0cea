// Making a contract model fast to dream with on the CPU, without changing what it computes.
//
// The TorchScript models run their local response normalisation (GoogLeNet's LRN, after conv1
// and conv2) through F.local_response_norm: a 5-D view, pad, avg_pool3d, pow and div, which is
// slow (a third of a channels-last bfloat16 step) and has no bfloat16 CPU kernel at all. Here it
// is one fused kernel each way (dream/ops/lrn_kernels.h), registered as the operator
// livedream::lrn(Tensor x, int size, float alpha, float beta, float k) with its own backward, and
// the model's TorchScript is rewritten to call it. With that, a model converted to bfloat16 runs
// entirely in bfloat16 (no autocast casts of the weights at every step).
//
// The public header of dream/ops/: one file per operator (lrn_op.cpp, s2d_conv_op.cpp,
// max_pool_op.cpp), their registration with LibTorch (registration.cpp) and the TorchScript
// rewrites below (graph_rewrite.cpp).
#pragma once
#include <torch/script.h>

#include <string>

namespace livedream::dream {

// LRN across channels, as torch.nn.functional.local_response_norm. CPU float32/float64/bfloat16
// tensors of 4 dimensions (NCHW or channels-last) use the fused kernels; anything else (another
// device, dtype or rank) the same formula in plain ATen ops. float16 is computed in float32 (its
// squares overflow above 256) and rounded back. Differentiable once.
torch::Tensor local_response_norm(const torch::Tensor& x, int64_t size, double alpha, double beta, double k);

// The formula in plain ATen ops (autograd through ATen): the fallback, and a reference for tests.
torch::Tensor local_response_norm_reference(const torch::Tensor& x, int64_t size, double alpha, double beta, double k);

// Rewrites every TorchScript function named local_response_norm in the module's compilation unit
// (the scripted F.local_response_norm) to call livedream::lrn. Call it right after loading,
// before the module runs. Returns how many functions were rewritten (0: the model has no LRN).
// On the CPU a speed-up; for float16 on any device a correction (the float32 island above).
int use_fast_lrn(torch::jit::Module& module);

// aten::conv2d, except for the input gradient of strided convolutions on few input channels
// (see use_fast_conv). What the rewritten TorchScript calls as livedream::conv2d.
torch::Tensor conv2d(const torch::Tensor& x, const torch::Tensor& w, const c10::optional<torch::Tensor>& b, c10::IntArrayRef stride,
                     c10::IntArrayRef padding, c10::IntArrayRef dilation, int64_t groups);

// Rewrites every aten::conv2d call in the module's TorchScript to livedream::conv2d, which is
// aten::conv2d except for strided convolutions on few input channels (a network's first
// convolution) that need a gradient w.r.t. their input: that gradient is computed on the
// space-to-depth rearranged input (see dream/ops/s2d_conv_op.cpp), several times faster on the CPU.
// Returns the number of calls rewritten.
int use_fast_conv(torch::jit::Module& module);

// max_pool2d; channels-last float32/float64/bfloat16 tensors with dilation 1 use the one-byte
// argmax kernels (dream/ops/pool_kernels.h), anything else LibTorch's. Same results, ties and NaNs.
torch::Tensor max_pool2d(const torch::Tensor& x, c10::IntArrayRef kernel, c10::IntArrayRef stride, c10::IntArrayRef padding,
                         c10::IntArrayRef dilation, bool ceil_mode);

// Rewrites every aten::max_pool2d call in the module's TorchScript to livedream::max_pool2d.
int use_fast_max_pool(torch::jit::Module& module);

// Gives the 4-D parameters (convolution weights) the channels-last memory format, which oneDNN
// convolutions on channels-last activations use without a copy at every call.
void weights_to_channels_last(torch::jit::Module& module);

}  // namespace livedream::dream
