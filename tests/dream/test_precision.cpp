// Every dtype dreams on the same network as float32: on the real BVLC GoogLeNet, the input
// gradient of every objective (mean, mean square, guided) in float16, bfloat16 and float64 points
// where float32's does. float16 is the one at risk: GoogLeNet's LRN squares inputs of about 2200,
// far past float16's 65504, and the gradient of a mean over many activations is below float16's
// smallest normal number. And on half precision the convolution weights are channels-last like
// the activations (else cuDNN reformats every weight at every call).
#include <cmath>

#include "core/procedural_image.h"
#include "dream/device.h"
#include "dream/fast_ops.h"
#include "dream/image_tensor.h"
#include "dream/objective.h"
#include "dream/tiled_gradient.h"
#include "support/catch.h"
#include "test_engine_support.h"

using namespace livedream;
using namespace livedream::test;

namespace {

// Small enough to take a few seconds in float16 on the CPU, large enough that inception_4c is 8x6
// (the objective reaches through conv1, norm1, conv2, norm2 and seven inception blocks).
constexpr int kWidth = 128, kHeight = 96;
constexpr double kMinCosine = 0.95;

const char* name_of(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kFloat16: return "float16";
    case torch::kBFloat16: return "bfloat16";
    case torch::kFloat64: return "float64";
    default: return "float32";
  }
}

struct ObjectiveCase {
  const char* name;
  LossKind kind;
  bool guided;
};
constexpr ObjectiveCase kObjectives[] = {
    {"mean", LossKind::Mean, false}, {"mean-square", LossKind::MeanSquare, false}, {"guided", LossKind::Mean, true}};

// The engine's gradient (dream::image_gradient: loss scaling and float32 islands included), in float64.
torch::Tensor input_gradient(dream::Model& model, const ObjectiveCase& objective_case, const torch::Tensor& image,
                             const torch::Tensor& guide) {
  dream::Objective objective(model, parse_layers("inception_4c"), objective_case.kind);
  if (objective_case.guided) objective.set_guide(model, guide);
  return dream::image_gradient(model, objective, image, /*tile=*/0).gradient.to(torch::kFloat64);
}

double cosine(const torch::Tensor& a, const torch::Tensor& b) { return ((a * b).sum() / (a.norm() * b.norm())).item<double>(); }

}  // namespace

TEST_CASE("every dtype's input gradient points where float32's does, for every objective") {
  const auto options = torch::TensorOptions().dtype(torch::kFloat32);
  const auto image = dream::image_to_unit(sky(kWidth, kHeight), options);
  const auto guide = dream::image_to_unit(make_clouds(kWidth, kHeight, 5), options);
  std::vector<torch::Tensor> reference;
  {
    auto float32 = googlenet();
    for (const auto& objective : kObjectives) reference.push_back(input_gradient(*float32, objective, image, guide));
  }
  for (auto dtype : {torch::kFloat16, torch::kBFloat16, torch::kFloat64}) {
    auto model = googlenet(dtype);
    for (size_t i = 0; i < std::size(kObjectives); ++i) {
      const auto gradient = input_gradient(*model, kObjectives[i], image, guide);
      const double cos = cosine(gradient, reference[i]);
      // The share of pixels whose gradient vanished where float32's did not: float16 underflow.
      const double zeros = (gradient == 0).logical_and(reference[i] != 0).to(torch::kFloat64).mean().item<double>();
      INFO(name_of(dtype) << ", " << kObjectives[i].name << " loss: cosine with float32 " << cos << ", zeroed " << zeros * 100
                          << "% of the gradient");
      CHECK(gradient.isfinite().all().item<bool>());
      CHECK(cos >= kMinCosine);
      CHECK(zeros < 0.001);
    }
  }
}

TEST_CASE("LRN on float16 inputs past 256 matches float32 (no overflow of the squares)") {
  // GoogLeNet's norm1 sees inputs of about 2200; float16 squares overflow above 256.
  const auto x32 = (torch::rand({1, 16, 5, 7}, torch::TensorOptions().dtype(torch::kFloat32)) * 4400 - 2200)
                       .contiguous(torch::MemoryFormat::ChannelsLast);
  // What the float32 island prevents: the same formula in float16 overflows (inf window sums, 0 out).
  const auto naive = dream::local_response_norm_reference(x32.to(torch::kFloat16), 5, 1e-4, 0.75, 1.0);
  CHECK((naive == 0).to(torch::kFloat32).mean().item<float>() > 0.9f);
  for (bool channels_last : {true, false}) {
    const auto x = (channels_last ? x32 : x32.contiguous()).to(torch::kFloat16).requires_grad_(true);
    const auto y = dream::local_response_norm(x, 5, 1e-4, 0.75, 1.0);
    const auto dy = torch::ones_like(y);
    const auto dx = torch::autograd::grad({y}, {x}, {dy})[0];
    const auto x_ref = x.detach().to(torch::kFloat32).requires_grad_(true);
    const auto y_ref = dream::local_response_norm_reference(x_ref, 5, 1e-4, 0.75, 1.0);
    const auto dx_ref = torch::autograd::grad({y_ref}, {x_ref}, {torch::ones_like(y_ref)})[0];
    INFO((channels_last ? "channels-last" : "NCHW"));
    CHECK(y.scalar_type() == torch::kFloat16);
    CHECK(dx.scalar_type() == torch::kFloat16);
    CHECK(torch::allclose(y.to(torch::kFloat32), y_ref, 2e-3, 1e-2));
    CHECK(torch::allclose(dx.to(torch::kFloat32), dx_ref, 2e-3, 1e-3));
  }
}

TEST_CASE("half precision models keep their convolution weights channels-last like their activations") {
  auto check_weights = [](dream::Model& model, torch::ScalarType dtype, bool channels_last) {
    int convolutions = 0;
    for (const auto& p : model.module().parameters()) {
      if (p.dim() != 4) continue;
      ++convolutions;
      INFO(name_of(dtype) << " on " << model.device() << ", weight " << p.sizes());
      // (A 1x1 kernel is both layouts at once: the check is for the layout promised, not against the other.)
      CHECK(p.is_contiguous(channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous));
    }
    CHECK(convolutions > 50);  // GoogLeNet's convolutions, up to inception_5b
  };
  for (auto dtype : {torch::kFloat16, torch::kBFloat16}) {
    auto model = googlenet(dtype);
    check_weights(*model, dtype, true);
    // And the network still runs on them (a layout LibTorch could not use would throw here).
    torch::NoGradGuard no_grad;
    const auto act = model->extract(torch::zeros({1, 3, 64, 64}, torch::TensorOptions().dtype(model->input_dtype())), {"inception_5b"})[0];
    CHECK(act.scalar_type() == dtype);
  }
  // float32 on the CPU keeps the layout it always had (its results are pinned by the reference tests).
  auto float32 = googlenet();
  check_weights(*float32, torch::kFloat32, false);
  if (dream::cuda_available()) {
    for (auto dtype : {torch::kFloat16, torch::kBFloat16}) {
      auto model = dream::Model::load(shared_model("googlenet_bvlc.pt"), dream::resolve_device("cuda"), dtype);
      check_weights(model, dtype, true);
    }
  }
}
