// dream::open_model: DreamParams' model, device and dtype to a loaded model, with the errors the
// commands and the viewer report.
#include <torch/torch.h>

#include <filesystem>

#include "core/error.h"
#include "core/paths.h"
#include "dream/open_model.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"

using namespace livedream;
using test::ScopedEnv;
namespace fs = std::filesystem;

namespace {
// The message of the livedream::Error `f` throws ("" if none), checked to be one line of `kind`.
template <typename F>
std::string error_of(F&& f, ErrorKind kind) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    return msg;
  }
  return "";
}
}  // namespace

TEST_CASE("open_model loads a bare model name from the models folders on the device and dtype asked for") {
  const std::string path = test::shared_model("squeezenet1_1_caffe.pt");
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", fs::path(path).parent_path().string());
  DreamParams params;
  params.model = "squeezenet1_1_caffe.pt";
  params.device = "cpu";
  params.dtype = "bfloat16";
  const auto model = dream::open_model(params);
  REQUIRE(model);
  CHECK(model->path() == path);
  CHECK(model->device().is_cpu());
  CHECK(model->dtype() == torch::kBFloat16);
}

TEST_CASE("open_model loads a model given by its path as it is") {
  const std::string path = test::shared_model("squeezenet1_1_caffe.pt");
  DreamParams params;
  params.model = path;
  params.device = "cpu";
  const auto model = dream::open_model(params);
  REQUIRE(model);
  CHECK(model->path() == path);
  CHECK(model->dtype() == torch::kFloat32);
  params.model = test::tmp_dir("open_model_path") + "/missing.pt";
  CHECK(error_of([&] { dream::open_model(params); }, ErrorKind::Runtime).find("model file not found: " + params.model) !=
        std::string::npos);
}

TEST_CASE("open_model reports a missing model, after a device or dtype that cannot work") {
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", test::tmp_dir("open_model_missing"));
  ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);
  DreamParams params;
  params.model = "inception_v3.pt";
  params.device = "cpu";
  CHECK(error_of([&] { dream::open_model(params); }, ErrorKind::Runtime).find("model inception_v3.pt not found in the models folders") !=
        std::string::npos);
  // The device and dtype are checked first, as the commands always did: no file is looked for.
  params.dtype = "float8";
  CHECK(error_of([&] { dream::open_model(params); }, ErrorKind::Usage).find("unknown dtype 'float8'") != std::string::npos);
}

TEST_CASE("open_model without a model and without a default model names the folders searched") {
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", test::tmp_dir("open_model_none"));
  ScopedEnv shared("LIVEDREAM_SHARED", test::tmp_dir("open_model_none_shared"));  // its models/ has GoogLeNet
  ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);
  // The source tree's models folder is always searched: where it has GoogLeNet there is a default.
  if (!default_model_path().empty()) LIVEDREAM_SKIP("a default model exists here (" + default_model_path() + ")");
  DreamParams params;
  params.device = "cpu";
  const std::string msg = error_of([&] { dream::open_model(params); }, ErrorKind::Runtime);
  CHECK(msg.find("no model found (looked for googlenet_bvlc.pt in ") != std::string::npos);
  for (const auto& dir : model_search_dirs()) CHECK(msg.find(dir) != std::string::npos);
}
