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
