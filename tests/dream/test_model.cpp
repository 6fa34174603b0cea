#include <torch/torch.h>

#include <fstream>

#include "core/error.h"
#include "dream/model.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;

TEST_CASE("the shared GoogLeNet loads with its contract") {
  auto model = dream::Model::load(test::shared_model("googlenet_bvlc.pt"));
  CHECK(model.layer_names().size() == 12);
  CHECK(model.has_layer("inception_4c"));
  CHECK_FALSE(model.has_layer("mixed3"));
  CHECK(model.input().bgr);
  CHECK(model.input().range == 255.0f);
  CHECK(model.input().mean == std::vector<float>{104.f, 117.f, 123.f});
  CHECK(model.sha256() == "f1601a1c5d548d8cc497b446b46b547c024e992c277f78af602318976a3c5bd4");
  for (const auto& p : model.module().parameters()) CHECK_FALSE(p.requires_grad());
  const auto& info = model.layer_info();
  REQUIRE(info.size() == 12);
  CHECK(info[7].name == "inception_4c");
  CHECK(info[7].channels == 512);
  CHECK(info[7].stride == 16);
}

TEST_CASE("from_unit maps [-1,1] RGB to the model's BGR 0..255 minus mean") {
  auto model = dream::Model::load(test::shared_model("googlenet_bvlc.pt"));
  auto x = torch::zeros({1, 3, 2, 2});
  x.select(1, 0).fill_(1.0);   // R = 255
  x.select(1, 2).fill_(-1.0);  // B = 0
  auto y = model.from_unit(x);
  CHECK(y[0][0][0][0].item<float>() == Approx(0.0f - 104.0f));    // B
  CHECK(y[0][1][0][0].item<float>() == Approx(127.5f - 117.0f));  // G
  CHECK(y[0][2][0][0].item<float>() == Approx(255.0f - 123.0f));  // R
}

TEST_CASE("bad model files get one-line errors naming the file") {
  const std::string dir = test::tmp_dir("bad_models");
  auto expect = [](const std::string& path, const std::string& needle) {
    try {
      dream::Model::load(path);
      FAIL("loaded " << path);
    } catch (const Error& e) {
      INFO(e.what());
      const std::string msg = e.what();
      CHECK(msg.find(needle) != std::string::npos);
      CHECK(msg.find(path) != std::string::npos);
      CHECK(msg.find('\n') == std::string::npos);
    }
  };
  expect(dir + "/missing.pt", "not found");
  { std::ofstream(dir + "/text.pt") << "definitely not a model"; }
  expect(dir + "/text.pt", "not a TorchScript file");
  // A truncated copy of a real model.
  {
    std::ifstream in(test::shared_model("googlenet_bvlc.pt"), std::ios::binary);
    std::vector<char> head(1 << 20);
    in.read(head.data(), head.size());
    std::ofstream(dir + "/truncated.pt", std::ios::binary).write(head.data(), in.gcount());
  }
  expect(dir + "/truncated.pt", "cannot be loaded");
  // A valid TorchScript module that lacks the contract.
  {
    torch::jit::Module m("NoContract");
    m.register_attribute("x", c10::IntType::get(), 1);
    m.save(dir + "/nocontract.pt");
  }
  expect(dir + "/nocontract.pt", "no extract");
}
