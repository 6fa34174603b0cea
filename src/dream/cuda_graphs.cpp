#include "dream/cuda_graphs.h"

#include <torch/csrc/autograd/autograd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/log.h"
#include "dream/precision.h"
#include "dream/recently_used.h"

#ifdef LIVEDREAM_WITH_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace livedream::dream {

bool GradientGraphs::enabled_by_environment() {
  const char* env = std::getenv("LIVEDREAM_CUDA_GRAPHS");
  return env && std::string(env) == "1";
}

#ifdef LIVEDREAM_WITH_CUDA

namespace {
// Eager runs of a shape before it is captured: lazy initialisation (cuDNN algorithm choice,
// cuBLAS handles) and TorchScript's profiling runs and fusion compiles all happen before capture.
constexpr int kEagerRunsBeforeCapture = 3;
// Shapes kept (captured or being counted): the few sizes of cycling octaves fit; a walk of
// dynamic resolution evicts the sizes it left behind, and their memory pools with them.
constexpr size_t kShapesKept = 8;

// A capture that failed half-way leaves its stream capturing, and every later launch on it (or,
// in global mode, on any stream of the process) fails. capture_end() ends it and hands the
// memory pool back even when the capture was invalidated (it throws then: that is expected).
void end_failed_capture(at::cuda::CUDAGraph& graph, const c10::cuda::CUDAStream& stream) {
  cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
  if (cudaStreamIsCapturing(stream.stream(), &status) != cudaSuccess || status == cudaStreamCaptureStatusNone) return;
  try {
    graph.capture_end();
  } catch (const std::exception&) {
  }
  (void)cudaGetLastError();  // the capture's sticky error is not the next kernel's
}
}  // namespace

struct GradientGraphs::Impl {
  struct Entry {
    int seen = 0;
    std::unique_ptr<at::cuda::CUDAGraph> graph;
    torch::Tensor input, gradient, loss;  // the graph's static input and outputs
  };
  RecentlyUsed<std::vector<int64_t>, Entry> entries{kShapesKept};
  const Objective* objective = nullptr;
  bool failed = false;
};

GradientGraphs::GradientGraphs() : impl_(std::make_unique<Impl>()) {}
GradientGraphs::~GradientGraphs() = default;

void GradientGraphs::clear() {
  impl_->entries.clear();
  impl_->objective = nullptr;
}

bool GradientGraphs::run(Model& model, const Objective& objective, const torch::Tensor& image, torch::Tensor& gradient,
                         torch::Tensor& loss) {
  auto& s = *impl_;
  if (s.failed || !image.is_cuda() || objective.depends_on_view()) return false;
  if (s.objective != &objective) {
    s.entries.clear();
    s.objective = &objective;
  }
  std::vector<int64_t> key = image.sizes().vec();
  key.push_back(static_cast<int64_t>(model.input_dtype()));
  auto& e = s.entries.touch(key);
  if (!e.graph) {
    if (++e.seen <= kEagerRunsBeforeCapture) return false;
    try {
      e.input = torch::empty(image.sizes(), image.options().dtype(model.input_dtype()));
      e.input.copy_(image);
      e.input.requires_grad_(true);
      // Capture on a side stream (the default stream cannot be captured), ordered after the
      // work already queued on the current one.
      auto current = c10::cuda::getCurrentCUDAStream();
      auto side = c10::cuda::getStreamFromPool();
      at::cuda::CUDAEvent ready;
      ready.record(current);
      ready.block(side);
      bool capturing = false;
      try {
        c10::cuda::CUDAStreamGuard on_side(side);
        // One more eager run on the capturing stream, as PyTorch's recipe does.
        {
          auto warm = objective.loss(model, e.input, InputView::whole(image.size(2), image.size(3)));
          torch::autograd::grad({warm * loss_scale(model.dtype())}, {e.input});
        }
        e.graph = std::make_unique<at::cuda::CUDAGraph>();
        // Thread-local mode: the dream steps on the session's worker while the render thread maps
        // and unmaps the interop texture; in global mode those CUDA calls of another thread would
        // be refused during the capture (and invalidate it).
        e.graph->capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
        capturing = true;
        auto l = objective.loss(model, e.input, InputView::whole(image.size(2), image.size(3)));
        // The loss scale as in the eager path (dream/precision.h); image_gradient divides it out.
        const double scale = loss_scale(model.dtype());
        auto g = torch::autograd::grad({scale == 1.0 ? l : l * scale}, {e.input})[0];
        capturing = false;
        e.graph->capture_end();
        e.gradient = g;
        e.loss = l.detach();
      } catch (...) {
        if (capturing && e.graph) end_failed_capture(*e.graph, side);
        throw;
      }
      at::cuda::CUDAEvent done;
      done.record(side);
      done.block(current);
    } catch (const std::exception& error) {
      log::note(log::words("CUDA graph capture failed, stepping without graphs: ", error.what()));
      s.failed = true;
      s.entries.clear();
      return false;
    }
  }
  {
    torch::NoGradGuard no_grad;
    e.input.detach().copy_(image);
  }
  e.graph->replay();
  gradient = e.gradient;
  loss = e.loss;
  return true;
}

#else  // no CUDA in this build

struct GradientGraphs::Impl {};
GradientGraphs::GradientGraphs() : impl_(std::make_unique<Impl>()) {}
GradientGraphs::~GradientGraphs() = default;
void GradientGraphs::clear() {}
bool GradientGraphs::run(Model&, const Objective&, const torch::Tensor&, torch::Tensor&, torch::Tensor&) { return false; }

#endif

}  // namespace livedream::dream
