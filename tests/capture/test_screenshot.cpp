#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>

#include "capture/render_checkpoint.h"
#include "capture/screenshot_writer.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/procedural_image.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "core/png_keys.h"

using namespace livedream;
using namespace livedream::capture;
namespace fs = std::filesystem;

namespace {
DreamParams some_params() {
  DreamParams p;
  p.layers = parse_layers("inception_4c:97:2.0,inception_3b:0.5");
  p.step_size = 0.02f;
  p.octaves = 3;
  p.seed = 1234;
  p.zoom = 1.01f;
  p.device = "cpu";
  return p;
}
size_t count_entries(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}
}  // namespace

TEST_CASE("a screenshot is a PNG with every parameter embedded and a JSON sidecar") {
  const std::string dir = test::tmp_dir("screenshot_basic") + "/captures";  // created on demand
  const Image image = make_clouds(96, 64, 5);
  ScreenshotInfo info;
  info.params = some_params();
  info.extra = {{"source", "clouds"}, {"step", 120}};
  const auto saved = save_screenshot(dir, image, info);
  INFO(saved.png);
  CHECK(std::regex_match(fs::path(saved.png).filename().string(), std::regex(R"(livedream-\d{8}-\d{6}-001\.png)")));
  CHECK(fs::path(saved.json).replace_extension(".png") == fs::path(saved.png));
  // Full resolution, exact pixels.
  CHECK(load_image(saved.png).rgb == image.rgb);
  // The chunk is what `livedream dream --params-from` reads.
  auto text = read_png_text(saved.png);
  REQUIRE(text.count(png_keys::kParams));
  CHECK(params_from_json_text(text[png_keys::kParams], saved.png) == info.params);
  auto sidecar = nlohmann::json::parse(read_file_text(saved.json, "sidecar"));
  CHECK(sidecar["image"] == fs::path(saved.png).filename().string());
  CHECK(sidecar["kind"] == "dream");
  CHECK(sidecar["width"] == 96);
  CHECK(sidecar["height"] == 64);
  CHECK(sidecar["source"] == "clouds");
  CHECK(sidecar["step"] == 120);
  CHECK(params_from_json(sidecar["params"]) == info.params);
  CHECK(count_entries(dir) == 2);  // no temporary files left
}

TEST_CASE("a screenshot carries the session timeline it is given in its own chunk, and none when given none") {
  const std::string dir = test::tmp_dir("screenshot_timeline");
  ScreenshotInfo info;
  info.params = some_params();
  info.timeline_json = R"({"livedream_timeline":1,"steps":8})";
  const auto with = save_screenshot(dir, make_clouds(32, 24, 5), info);
  const auto text = read_png_text(with.png);
  REQUIRE(text.count(png_keys::kTimeline));
  CHECK(text.at(png_keys::kTimeline) == info.timeline_json);
  CHECK(text.count(png_keys::kParams) == 1);
  info.timeline_json.clear();
  const auto without = save_screenshot(dir, make_clouds(32, 24, 5), info);
  CHECK(read_png_text(without.png).count(png_keys::kTimeline) == 0);
}

TEST_CASE("screenshots never overwrite: the same second gives the next number") {
  const std::string dir = test::tmp_dir("screenshot_unique");
  const std::time_t when = std::time(nullptr);
  ScreenshotInfo info;
  info.kind = ScreenshotKind::Window;
  const auto a = save_screenshot(dir, make_clouds(16, 16, 1), info, when);
  const auto b = save_screenshot(dir, make_clouds(16, 16, 2), info, when);
  CHECK(a.png != b.png);
  CHECK(a.png < b.png);  // sortable
  CHECK(load_image(a.png).rgb == make_clouds(16, 16, 1).rgb);
  CHECK(nlohmann::json::parse(read_file_text(b.json, "sidecar"))["kind"] == "window");
  // A file someone else created under the next name is left alone.
  const std::string next = (fs::path(dir) / (fs::path(b.png).stem().string())).string();
  const std::string taken = next.substr(0, next.size() - 3) + "003.png";
  std::ofstream(taken) << "not ours";
  const auto c = save_screenshot(dir, make_clouds(16, 16, 3), info, when);
  CHECK(c.png != taken);
  CHECK(read_file_text(taken, "file") == "not ours");
}

TEST_CASE("a screenshot into an unwritable folder is a one-line error") {
  try {
    save_screenshot("/sys/livedream-captures", make_clouds(8, 8), {});
    FAIL("saved");
  } catch (const Error& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("/sys/livedream-captures") != std::string::npos);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

TEST_CASE("a full disk during a screenshot is a message, no crash, no broken file") {
  const std::string dir = test::tmp_dir("screenshot_full");
  const int code = test::run_with_file_size_limit(2000, [&] {
    try {
      save_screenshot(dir, make_clouds(200, 200, 4), {});
      return 1;
    } catch (const Error& e) {
      std::printf("%s\n", e.what());
      return std::string(e.what()).find("File too large") != std::string::npos ? 0 : 2;
    }
  });
  CHECK(code == 0);
  CHECK(count_entries(dir) == 0);
}

TEST_CASE("render checkpoints round-trip through PNG text, and other PNGs are refused") {
  const std::string dir = test::tmp_dir("render_checkpoint");
  capture::RenderCheckpoint c;
  c.frames = 900;
  c.fps = 24;
  c.steps_per_frame = 4;
  c.input = "clouds";
  c.out = "renders/zoom.mp4";
  save_png(dir + "/frame.png", make_clouds(8, 8), {{png_keys::kRender, capture::to_text(c)}, {png_keys::kFrame, "41"}});
  const auto back = capture::read_render_checkpoint(dir + "/frame.png");
  CHECK(back.frame == 41);
  CHECK(back.frames == 900);
  CHECK(back.fps == 24);
  CHECK(back.steps_per_frame == 4);
  CHECK(back.input == "clouds");
  CHECK(back.out == "renders/zoom.mp4");
  CHECK(capture::resume_frame_path("renders/zoom.mp4") == "renders/zoom.mp4.resume.png");
  save_png(dir + "/plain.png", make_clouds(8, 8));
  CHECK_THROWS_WITH(capture::read_render_checkpoint(dir + "/plain.png"), Catch::Contains("is not a frame of a livedream render"));
  save_png(dir + "/bad.png", make_clouds(8, 8), {{png_keys::kRender, "{\"frames\": -1}"}, {png_keys::kFrame, "x"}});
  CHECK_THROWS_WITH(capture::read_render_checkpoint(dir + "/bad.png"), Catch::Contains("are damaged"));
}
