// The model and preset lists of the Input tab: presets whose model is missing are marked with the
// reason (they cannot run here), the others not.
#include <fstream>

#include "support/catch.h"
#include "support/test_env.h"
#include "viewer/library_files.h"

using namespace livedream;
using namespace livedream::viewer;

TEST_CASE("a preset whose model is missing says so and why, one with a present model has no problem") {
  const std::string dir = test::tmp_dir("library_presets");
  std::ofstream(dir + "/missing.json") << R"({"model": "no_such_model_v9.pt", "layers": "mixed3"})";
  std::ofstream(dir + "/present.json") << R"({"model": ")" << test::shared_model("googlenet_bvlc.pt") << R"(", "layers": "inception_4c"})";
  std::ofstream(dir + "/broken.json") << "{ not json";
  const LibraryFiles files = find_library_files({}, {dir});
  REQUIRE(files.presets.size() == 3);
  REQUIRE(files.preset_problems.size() == 3);
  for (size_t i = 0; i < files.presets.size(); ++i) {
    INFO(files.presets[i] << ": " << files.preset_problems[i]);
    if (files.presets[i].ends_with("missing.json")) {
      CHECK(files.preset_problems[i].find("no_such_model_v9.pt") != std::string::npos);
    } else if (files.presets[i].ends_with("present.json")) {
      CHECK(files.preset_problems[i].empty());
    } else {
      CHECK_FALSE(files.preset_problems[i].empty());
    }
  }
  CHECK(lower_extension("/a/B.JSON") == ".json");
}
