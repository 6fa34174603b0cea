#include "dream/rgba_frame_tensor.h"

#ifdef LIVEDREAM_WITH_CUDA
#include <c10/cuda/CUDAStream.h>
#endif

#include "core/error.h"
#include "dream/engine.h"

namespace livedream::dream {

RgbaFrame wrap_rgba_frame(torch::Tensor rgba8) {
  if (rgba8.dim() != 3 || rgba8.size(2) != 4 || rgba8.scalar_type() != torch::kUInt8)
    throw runtime_error("internal: a frame tensor must be (H, W, 4) uint8", "report this as a bug");
  torch::Tensor t = rgba8.contiguous();
  RgbaFrame frame;
  frame.height = static_cast<int>(t.size(0));
  frame.width = static_cast<int>(t.size(1));
  frame.data = t.data_ptr<uint8_t>();
  frame.on_device = t.is_cuda();
  if (t.is_cuda()) {
    frame.cuda_device = t.device().index();
#ifdef LIVEDREAM_WITH_CUDA
    frame.cuda_stream = c10::cuda::getCurrentCUDAStream(t.device().index()).stream();
#endif
  }
  frame.owner = std::make_shared<torch::Tensor>(std::move(t));
  return frame;
}

RgbaFrame host_rgba_frame(const Engine& engine) { return wrap_rgba_frame(engine.frame_rgba8().to(torch::kCPU)); }

}  // namespace livedream::dream
