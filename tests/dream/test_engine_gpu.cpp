// The engine on a CUDA device against the CPU, on the real GoogLeNet (scripts/gpu-check runs these
// and counts a skip as a failure; without a GPU they are skipped visibly):
// - a float32 CUDA step matches the float64 CPU step (cuDNN may use TF32 for convolutions, so the
//   step's change is compared with a relative tolerance of 2e-2, not to the last bit);
// - float16 and bfloat16 steps point where float32's does (cosine of the two steps' changes >= 0.95:
//   with no jitter a step is the normalised input gradient, so this is the gradient's cosine);
// - CUDA graphs (LIVEDREAM_CUDA_GRAPHS=1) give what eager steps give.
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "dream/device.h"
#include "dream/engine.h"
#include "dream/test_engine_support.h"
#include "support/catch.h"
#include "support/scoped_env.h"

using namespace livedream;
using namespace livedream::test;

namespace {

void require_cuda() {
  if (!dream::cuda_available()) LIVEDREAM_SKIP("no CUDA device here: the engine's GPU checks run in scripts/gpu-check");
}

std::shared_ptr<dream::Model> googlenet_on(const std::string& device, torch::ScalarType dtype) {
  return std::make_shared<dream::Model>(dream::Model::load(shared_model("googlenet_bvlc.pt"), dream::resolve_device(device), dtype));
}

// The change `steps` steps make to the sky at 224x224 (float64 on the CPU), and the dream after them.
struct StepResult {
  torch::Tensor change, dream;
};

StepResult run_steps(const std::shared_ptr<dream::Model>& model, const std::string& layers, int steps) {
  dream::Engine engine(model, plain_params(layers, steps));
  engine.set_source(sky(224, 224));
  const torch::Tensor before = engine.dream_tensor().to(torch::kCPU, torch::kFloat64).clone();
  for (int i = 0; i < steps; ++i) engine.step();
  const torch::Tensor after = engine.dream_tensor().to(torch::kCPU, torch::kFloat64).clone();
  return {after - before, after};
}

double relative_error(const torch::Tensor& got, const torch::Tensor& want) { return ((got - want).norm() / want.norm()).item<double>(); }

double cosine(const torch::Tensor& a, const torch::Tensor& b) { return ((a * b).sum() / (a.norm() * b.norm())).item<double>(); }

}  // namespace

TEST_CASE("CUDA float32: a step matches the CPU float64 step") {
  require_cuda();
  for (const char* layers : {"inception_3b", "inception_4c"}) {
    const auto reference = run_steps(googlenet_on("cpu", torch::kFloat64), layers, 1);
    const auto gpu = run_steps(googlenet_on("cuda", torch::kFloat32), layers, 1);
    const double rel = relative_error(gpu.change, reference.change);
    INFO(layers << ": relative error of the step's change " << rel);
    CHECK(rel < 2e-2);
    CHECK(max_diff_levels(gpu.dream, reference.dream) < 1.0);
  }
}

TEST_CASE("CUDA float16 and bfloat16: the step's direction matches float32 (cosine >= 0.95)") {
  require_cuda();
  for (const char* layers : {"inception_3b", "inception_4c", "inception_5b"}) {
    const auto f32 = run_steps(googlenet_on("cuda", torch::kFloat32), layers, 1);
    for (const auto dtype : {torch::kBFloat16, torch::kFloat16}) {
      const auto half = run_steps(googlenet_on("cuda", dtype), layers, 1);
      const double c = cosine(half.change, f32.change);
      INFO(layers << " " << c10::toString(dtype) << ": cosine with float32 " << c);
      CHECK(torch::isfinite(half.dream).all().item<bool>());
      CHECK(c >= 0.95);
    }
  }
}

TEST_CASE("CUDA graphs: replayed steps give what eager steps give") {
  require_cuda();
  const auto model = googlenet_on("cuda", torch::kFloat32);
  const int steps = 8;  // past the eager warm-up runs before a shape is captured, then replays
  const auto eager = [&] {
    ScopedEnv off("LIVEDREAM_CUDA_GRAPHS", std::string("0"));
    return run_steps(model, "inception_4c", steps);
  }();
  const auto graphed = [&] {
    ScopedEnv on("LIVEDREAM_CUDA_GRAPHS", std::string("1"));
    return run_steps(model, "inception_4c", steps);
  }();
  const double rel = relative_error(graphed.change, eager.change);
  INFO("relative difference of " << steps << " steps' change, graphs against eager: " << rel);
  CHECK(rel < 1e-3);
}
