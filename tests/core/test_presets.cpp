// Presets (built in and files) and the parameters a livedream PNG carries.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/png_keys.h"
#include "core/presets.h"
#include "core/procedural_image.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"

using namespace livedream;
namespace fs = std::filesystem;

TEST_CASE("the built-in presets are found by name and each one loads and validates") {
  const auto names = builtin_preset_names();
  for (const char* expected : {"classic", "tutorial", "textures", "animals", "birds"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  for (const auto& name : names) {
    INFO(name);
    DreamParams params = load_preset(name);
    CHECK_NOTHROW(validate(params));
  }
}

TEST_CASE("a preset is applied over the base: keys it lacks keep the base's values") {
  const std::string dir = test::tmp_dir("presets_base");
  const std::string path = dir + "/mine.json";
  std::ofstream(path) << R"({"step_size": 0.02})";
  DreamParams base;
  base.seed = 1234;
  const DreamParams params = load_preset(path, base);
  CHECK(params.step_size == Approx(0.02f));
  CHECK(params.seed == 1234);
}

TEST_CASE("unknown presets and missing files are usage errors that say what exists") {
  try {
    load_preset("no-such-preset");
    FAIL("loaded");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("classic") != std::string::npos);
  }
  CHECK_THROWS_AS(load_preset("/nonexistent/preset.json"), Error);
}

TEST_CASE("params_from_png reads the parameters chunk, and refuses PNGs without one") {
  const std::string dir = test::tmp_dir("presets_png");
  DreamParams params;
  params.seed = 99;
  params.octaves = 3;
  save_png(dir + "/with.png", make_clouds(8, 8, 1), {{png_keys::kParams, to_json(params).dump()}});
  CHECK(params_from_png(dir + "/with.png") == params);
  save_png(dir + "/without.png", make_clouds(8, 8, 1));
  CHECK_THROWS_AS(params_from_png(dir + "/without.png"), Error);
  CHECK_THROWS_AS(params_from_png(dir + "/missing.png"), Error);
}

// Issue 15 item 6: the viewer shows which presets can run here, and why not.
TEST_CASE("preset_info tells whether a preset's model is here, and if not which file and how to build it") {
  const std::string dir = test::tmp_dir("presets_availability");
  test::ScopedEnv models_dir("LIVEDREAM_MODELS_DIR", dir);
  test::ScopedEnv shared("LIVEDREAM_SHARED", dir);
  test::ScopedEnv model("LIVEDREAM_MODEL", std::nullopt);

  PresetInfo tutorial = preset_info("tutorial");
  INFO(tutorial.why_not);
  CHECK(tutorial.name == "tutorial");
  CHECK(tutorial.path.ends_with("assets/presets/tutorial.json"));
  CHECK(tutorial.model == "inception_v3.pt");
  CHECK(tutorial.description.find("InceptionV3") != std::string::npos);
  CHECK_FALSE(tutorial.available);
  CHECK(tutorial.why_not.rfind("needs inception_v3.pt", 0) == 0);
  CHECK(tutorial.why_not.find("models/export_model.py inception_v3 --out models/inception_v3.pt") != std::string::npos);
  CHECK(tutorial.why_not.find('\n') == std::string::npos);

  { std::ofstream(dir + "/inception_v3.pt") << "x"; }  // built meanwhile: available on the next call
  tutorial = preset_info("tutorial");
  CHECK(tutorial.available);
  CHECK(tutorial.why_not.empty());

  SECTION("every built-in preset is listed; GoogLeNet ones follow $LIVEDREAM_MODEL") {
    { std::ofstream(dir + "/elsewhere.pt") << "x"; }
    test::ScopedEnv default_model("LIVEDREAM_MODEL", dir + "/elsewhere.pt");
    const auto infos = builtin_preset_infos();
    CHECK(infos.size() == builtin_preset_names().size());
    for (const auto& info : infos) {
      INFO(info.name << ": " << info.why_not);
      CHECK(info.available);  // googlenet_bvlc.pt is the default model; inception_v3.pt is in dir
    }
  }
  SECTION("a preset file naming a model path that does not exist") {
    const std::string preset = dir + "/mine.json";
    { std::ofstream(preset) << R"({"model": "/nonexistent/net.pt", "layers": "conv1"})"; }
    const PresetInfo mine = preset_info(preset);
    CHECK(mine.name == "mine");
    CHECK_FALSE(mine.available);
    CHECK(mine.why_not.find("/nonexistent/net.pt") != std::string::npos);
  }
}
