// Models written by models/export_model.py (random weights: no download) load through the C++
// loader and honour the contract. The python_export_model CTest fixture writes them first.
#include <torch/torch.h>

#include <filesystem>

#include "dream/model.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;

namespace {
std::string exported(const std::string& file) {
  const std::string path = test::test_models_dir() + "/" + file;
  if (!std::filesystem::exists(path)) LIVEDREAM_SKIP(path + " was not exported (run the python_export_model test first)");
  return path;
}
}  // namespace

TEST_CASE("an exported InceptionV3 has the Keras mixed layers and an RGB input convention") {
  auto model = dream::Model::load(exported("inception_v3_random.pt"));
  for (const char* name : {"mixed0", "mixed3", "mixed5", "mixed10"}) CHECK(model.has_layer(name));
  CHECK_FALSE(model.input().bgr);
  CHECK(model.input().range == 1.0f);
  torch::NoGradGuard no_grad;
  auto acts = model.extract(torch::zeros({1, 3, 299, 299}), {"mixed5", "mixed3"});
  REQUIRE(acts.size() == 2);
  CHECK(acts[0].size(1) == 768);
  CHECK(acts[1].size(2) == 17);
  CHECK_THROWS(model.extract(torch::zeros({1, 3, 299, 299}), {"no_such_layer"}));
}

TEST_CASE("an exported torchvision GoogLeNet loads with channel counts from its attributes") {
  auto model = dream::Model::load(exported("googlenet_random.pt"));
  CHECK(model.has_layer("inception4c"));
  const auto& info = model.layer_info();
  REQUIRE(info.size() == model.layer_names().size());
  for (const auto& l : info) {
    CHECK(l.channels > 0);
    CHECK(l.stride >= 2);
  }
  for (const auto& p : model.module().parameters()) CHECK_FALSE(p.requires_grad());
}

TEST_CASE("the converter's BVLC GoogLeNet matches the shared reference file in C++") {
  auto ours = dream::Model::load(exported("bvlc_googlenet.pt"));
  auto reference = dream::Model::load(test::shared_model("googlenet_bvlc.pt"));
  CHECK(ours.layer_names() == reference.layer_names());
  torch::manual_seed(3);
  auto x = torch::randn({1, 3, 160, 128}) * 50;
  torch::NoGradGuard no_grad;
  auto a = ours.extract(x, {"inception_4c"})[0];
  auto b = reference.extract(x, {"inception_4c"})[0];
  CHECK((a - b).abs().max().item<float>() < 1e-3f);
}
