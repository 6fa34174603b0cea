// The viewer (under Xvfb: scripts/test runs CTest in xvfb-run) with bad inputs: never a crash.
// Scripted runs (--frames N) report what went wrong in --stats-json ("errors") and on stderr, one
// line each; what the user named on the command line and cannot work ends the program with exit
// code 1 (2 for a bad option value), everything met later is a message in the window.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "core/file_io.h"
#include "core/image.h"
#include "core/procedural_image.h"
#include "robustness/robust_support.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::robust;
using livedream::test::need_display;
using livedream::test::shell_quote;
namespace fs = std::filesystem;

namespace {

// The viewer with its settings in `dir`/config (the user's own are never touched).
test::CommandResult viewer(const std::string& dir, const std::string& args) {
  return run_livedream(args, "XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " ", 300);
}

nlohmann::json stats(const std::string& path) { return nlohmann::json::parse(read_file_text(path, "stats")); }

std::string img(const std::string& name) { return images_dir() + "/" + name; }

}  // namespace

TEST_CASE("viewer: bad images named on the command line are one line and exit code 1, no crash") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_images");
  for (const char* file : {"truncated.png", "empty.png", "text.png", "pixels_100m.png", "bomb.png"}) {
    INFO(file);
    expect_one_line_error(viewer(dir, shell_quote(img(file)) + " --model " + shell_quote(good_model()) + " --frames 2"), 1, {img(file)});
  }
}

TEST_CASE("viewer: a model that cannot load, or an image the model cannot take: a message, exit 1, no crash") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_model");
  struct Case {
    std::string args, needle;
  };
  const std::vector<Case> cases = {
      {"--model " + shell_quote(models_dir() + "/truncated.pt"), "truncated.pt"},
      {"--model " + shell_quote(models_dir() + "/no_extract.pt"), "extract"},
      {shell_quote(img("one_pixel.png")) + " --model " + shell_quote(good_model()), "1x1"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const std::string json = dir + "/stats.json";
    fs::remove(json);
    const auto r = viewer(dir, c.args + " --frames 3 --stats-json " + shell_quote(json));
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("livedream: error: ") != std::string::npos);
    CHECK(r.output.find(c.needle) != std::string::npos);
    CHECK(r.output.find("Segmentation") == std::string::npos);
    REQUIRE(fs::exists(json));
    const auto s = stats(json);
    REQUIRE(s["errors"].size() >= 1);
    CHECK(s["errors"][0].get<std::string>().find(c.needle) != std::string::npos);
  }
}

TEST_CASE("viewer: a remembered image that became unreadable is skipped, the dream runs on the clouds") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_remembered");
  const std::string picture = dir + "/picture.png";
  save_png(picture, make_clouds(160, 120, 4));
  const std::string json = dir + "/stats.json";
  // First run: the viewer remembers the picture.
  auto r = viewer(
      dir, shell_quote(picture) + " --model " + shell_quote(good_model()) + " --frames 2 --remember --stats-json " + shell_quote(json));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  // Then the file is damaged: the next run must start anyway (a warning in the window).
  std::ofstream(picture, std::ios::trunc) << "damaged";
  r = viewer(dir, "--model " + shell_quote(good_model()) + " --frames 2 --stats-json " + shell_quote(json));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  const auto s = stats(json);
  CHECK(s["errors"].empty());
  CHECK(s["frames"].get<int>() >= 2);
}

TEST_CASE("viewer: a screenshot into a missing folder or onto a full disk is reported, not a crash") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_outputs");
  const std::string json = dir + "/stats.json";
  const auto r = viewer(dir, "--model " + shell_quote(good_model()) + " --frames 2 --screenshot-dream " +
                                 shell_quote(dir + "/missing/shot.png") + " --stats-json " + shell_quote(json));
  INFO(r.output);
  CHECK(r.output.find("Segmentation") == std::string::npos);
  CHECK(r.output.find("livedream: error: ") != std::string::npos);
  CHECK(r.output.find("missing") != std::string::npos);
  CHECK(r.exit_code == 1);
  REQUIRE(fs::exists(json));
  CHECK(stats(json)["errors"].size() == 1);
  CHECK_FALSE(fs::exists(dir + "/missing/shot.png"));
}

TEST_CASE("viewer: prints the path and sha256 of the model it loads") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_trust");
  const auto r = viewer(dir, "--model " + shell_quote(good_model()) + " --frames 2");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find(good_model()) != std::string::npos);
  CHECK(r.output.find("sha256 ") != std::string::npos);
}

TEST_CASE("viewer: a bad preset or option value is one line and exit code 2, no crash") {
  need_display();
  const std::string dir = test::tmp_dir("robust_viewer_preset");
  std::ofstream(dir + "/bad.json") << "{\"steps\": 20,";
  std::ofstream(dir + "/unknown.json") << "{\"stepz\": 20}";
  expect_one_line_error(viewer(dir, "--model " + shell_quote(good_model()) + " --preset " + shell_quote(dir + "/bad.json") + " --frames 2"),
                        2, {"bad.json", "not valid JSON"});
  expect_one_line_error(
      viewer(dir, "--model " + shell_quote(good_model()) + " --preset " + shell_quote(dir + "/unknown.json") + " --frames 2"), 2,
      {"stepz"});
  expect_one_line_error(viewer(dir, "--model " + shell_quote(good_model()) + " --step-size nan --frames 2"), 2,
                        {"--step-size: the value is not a finite number"});
  expect_one_line_error(viewer(dir, "--model " + shell_quote(good_model()) + " --octave-scale 1 --frames 2"), 2,
                        {"--octave-scale: 1 is outside 1.01..4"});
}
