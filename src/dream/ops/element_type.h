// The element types the CPU kernels (lrn_kernels.h, pool_kernels.h) take: their tensors arrive as
// untyped pointers, since the kernel files see no Torch headers (see kernel_io.h).
#pragma once

namespace livedream::dream::kernels {

enum class ElementType { Float32, Float64, BFloat16 };

}  // namespace livedream::dream::kernels
