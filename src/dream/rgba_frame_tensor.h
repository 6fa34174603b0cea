// The engine's frame as the program's one frame type: wraps an (H, W, 4) uint8 tensor (host or
// CUDA) without copying; the frame's owner keeps the tensor alive. A CUDA frame carries the
// current stream of its device (the engine's), so copies out of it are ordered after the step.
#pragma once
#include <torch/script.h>

#include "core/rgba_frame.h"

namespace livedream::dream {

class Engine;

RgbaFrame wrap_rgba_frame(torch::Tensor rgba8);

// The engine's dream (Engine::frame_rgba8) as a host frame: one device-to-host copy on a GPU.
RgbaFrame host_rgba_frame(const Engine& engine);

}  // namespace livedream::dream
