// resolve_model_path (core/paths.h): how --model and a preset's "model" become a file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

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

namespace {
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
// The exporter's `model` choices: its MODELS = ("a", "b", ...) tuple.
std::vector<std::string> exporter_models() {
  const std::string py = read_text(test::source_dir() + "/models/export_model.py");
  const auto start = py.find("\nMODELS = (");
  REQUIRE(start != std::string::npos);
  const auto end = py.find(')', start);
  std::vector<std::string> names;
  for (auto q = py.find('"', start); q < end; q = py.find('"', q + 1)) {
    const auto close = py.find('"', q + 1);
    names.push_back(py.substr(q + 1, close - q - 1));
    q = close;
  }
  return names;
}
}  // namespace

TEST_CASE("the hint for a missing model names only exporter arguments that exist") {
  const std::string dir = test::tmp_dir("model_path_hints");
  ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", dir);
  ScopedEnv shared("LIVEDREAM_SHARED", dir);
  ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);
  const auto exporter = exporter_models();
  REQUIRE(exporter.size() >= 4);
  for (const std::string file :
       {"googlenet_bvlc.pt", "googlenet.pt", "inception_v3.pt", "vgg16.pt", "squeezenet1_1_caffe.pt", "no_such_net.pt"}) {
    if (file == "googlenet_bvlc.pt" && !default_model_path().empty()) continue;  // the source tree's models/ has it
    std::string msg;
    try {
      resolve_model_path(file);
    } catch (const Error& e) {
      msg = e.what();
    }
    INFO(file << ": " << msg);
    REQUIRE(!msg.empty());
    const std::string command = "python models/export_model.py ";
    const auto at = msg.find(command);
    if (at == std::string::npos) continue;  // no exporter command offered
    const std::string rest = msg.substr(at + command.size());
    const std::string argument = rest.substr(0, rest.find(' '));
    CHECK(std::find(exporter.begin(), exporter.end(), argument) != exporter.end());
    CHECK(rest.find("--out models/" + file) != std::string::npos);  // builds the very file asked for
  }
  SECTION("squeezenet is not built by the exporter: the hint says where it comes from") {
    const std::string hint = model_build_hint("squeezenet1_1_caffe.pt");
    CHECK(hint.find("does not build squeezenet1_1_caffe.pt") != std::string::npos);
    CHECK(hint.find("../shared/models") != std::string::npos);
  }
  SECTION("the default model is built by the exporter's bvlc_googlenet under its one name") {
    CHECK(model_build_hint("googlenet_bvlc.pt").find("export_model.py bvlc_googlenet --out models/googlenet_bvlc.pt") != std::string::npos);
  }
}

TEST_CASE("every model the exporter builds has a file name, and models/README.md lists them all by it") {
  const auto exporter = exporter_models();
  const std::string readme = read_text(test::source_dir() + "/models/README.md");
  std::vector<std::string> built;
  for (const auto& file : known_model_files()) {
    const std::string hint = model_build_hint(file);
    INFO(file << ": " << hint);
    CHECK(readme.find(file) != std::string::npos);
    const std::string command = "python models/export_model.py ";
    const auto at = hint.find(command);
    if (at != std::string::npos) {
      const auto start = at + command.size();
      built.push_back(hint.substr(start, hint.find(' ', start) - start));
    }
  }
  for (const auto& name : exporter) {
    INFO("exporter model " << name);
    CHECK(std::find(built.begin(), built.end(), name) != built.end());
  }
  // One set of names: the default model is googlenet_bvlc.pt, never bvlc_googlenet.pt.
  CHECK(readme.find("bvlc_googlenet.pt") == std::string::npos);
}

TEST_CASE("model_search_dirs ends with the project's shared models folder") {
  ScopedEnv shared("LIVEDREAM_SHARED", "/some/shared");
  const auto dirs = model_search_dirs();
  REQUIRE(!dirs.empty());
  CHECK(dirs.back() == "/some/shared/models");
}
