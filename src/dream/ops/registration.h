// The operators the rewritten TorchScript calls: livedream::lrn, livedream::conv2d and
// livedream::max_pool2d, registered with LibTorch in registration.cpp.
//
// The graph rewrite (graph_rewrite.cpp) takes their symbols from here rather than spelling the
// names itself: that reference is what links registration.cpp, and with it the static
// TORCH_LIBRARY registration, into every program that loads a model. An object file of a static
// library that nothing references is dropped by the linker, and the rewritten model would then
// fail at its first run with an unknown operator.
#pragma once
#include <ATen/core/symbol.h>

namespace livedream::dream::ops {

c10::Symbol lrn_symbol();
c10::Symbol conv2d_symbol();
c10::Symbol max_pool2d_symbol();

}  // namespace livedream::dream::ops
