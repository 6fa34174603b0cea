// resolve_model_path (core/paths.h): how --model and a preset's "model" become a file.
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/paths.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"

using namespace livedream;
using test::ScopedEnv;
namespace fs = std::filesystem;

TEST_CASE("resolve_model_path: empty names the default model, paths are kept as given") {
  ScopedEnv model("LIVEDREAM_MODEL", "/somewhere/else/googlenet_bvlc.pt");
  CHECK(resolve_model_path("") == "/somewhere/else/googlenet_bvlc.pt");
  // A path is the user's to get right: Model::load reports it missing, with the path.
  CHECK(resolve_model_path("no/such/folder/model.pt") == "no/such/folder/model.pt");
}

TEST_CASE("resolve_model_path: a bare file name is looked up in the models folders") {
  const std::string dir = test::tmp_dir("model_path_bare");
  { std::ofstream(dir + "/tiny.pt") << "x"; }
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", dir);
  ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);
  CHECK(resolve_model_path("tiny.pt") == (fs::path(dir) / "tiny.pt").string());

  SECTION("the default model's file name is the default model, wherever $LIVEDREAM_MODEL puts it") {
    ScopedEnv elsewhere("LIVEDREAM_MODEL", "/somewhere/else/googlenet_bvlc.pt");
    CHECK(resolve_model_path("googlenet_bvlc.pt") == "/somewhere/else/googlenet_bvlc.pt");
  }
}

TEST_CASE("resolve_model_path: a bare name found nowhere is one line naming the folders and the fix") {
  const std::string dir = test::tmp_dir("model_path_missing");
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", dir);
  ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);
  try {
    resolve_model_path("inception_v3.pt");
    FAIL("no error for a missing model");
  } catch (const Error& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(e.kind() == ErrorKind::Runtime);
    CHECK(msg.find("model inception_v3.pt not found in the models folders") != std::string::npos);
    CHECK(msg.find(dir) != std::string::npos);
    CHECK(msg.find("models/export_model.py inception_v3 --out models/inception_v3.pt") != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
  }
}
