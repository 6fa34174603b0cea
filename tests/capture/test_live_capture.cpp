// Live capture without a window: what F12 and F9 produce from the frames the viewer hands over
// (the viewer itself is tested under Xvfb).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "capture/live_capture.h"
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
std::vector<fs::path> files_in(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("F9 records one video frame per engine step at the chosen fps") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("live_capture_record");
  LiveCaptureOptions options;
  options.folder = dir;
  options.fps = 25;
  LiveCapture capture(options);
  DreamParams params;
  CHECK(capture.on_toggle_recording(params).find("recording to " + dir + "/livedream-") == 0);
  CHECK(capture.recording());
  for (int step = 1; step <= 10; ++step) {
    const RgbaFrame frame = to_rgba_frame(test::synthetic_frame(96, 64, step), step);
    capture.on_engine_frame(frame);
    capture.on_engine_frame(frame);  // the same step shown twice is one video frame
  }
  const auto during = capture.indicator();
  CHECK(during.active);
  CHECK(during.dropped == 0);
  const std::string message = capture.on_toggle_recording(params);
  INFO(message);
  CHECK(message.find("saved " + dir) == 0);
  CHECK(message.find("10 frames") != std::string::npos);
  CHECK_FALSE(capture.recording());
  const auto videos = files_in(dir, ".mp4");
  REQUIRE(videos.size() == 1);
  const auto probe = test::probe_video(videos[0].string());
  INFO(probe.output);
  CHECK(probe.frames == 10);
  CHECK(probe.width == 96);
  CHECK(probe.height == 64);
  CHECK(probe.frame_rate == "25/1");
}

TEST_CASE("steps the viewer never showed count as dropped") {
  const std::string dir = test::tmp_dir("live_capture_gaps");
  LiveCaptureOptions options;
  options.folder = dir;
  options.format = capture::OutputFormat::PngSequence;
  LiveCapture capture(options);
  capture.on_toggle_recording({});
  for (int step : {1, 2, 5, 6}) {
    capture.on_engine_frame(to_rgba_frame(test::synthetic_frame(16, 16, step), step));
  }
  CHECK(capture.indicator().dropped == 2);
  const std::string message = capture.stop_recording();
  CHECK(message.find("4 frames") != std::string::npos);
  CHECK(message.find("2 steps dropped") != std::string::npos);
}

TEST_CASE("F12 saves the dream with its parameters, the window shot is marked as such") {
  const std::string dir = test::tmp_dir("live_capture_shot") + "/captures";
  LiveCapture capture({dir});
  DreamParams params;
  params.seed = 77;
  const Image dream = make_clouds(96, 64, 2);
  const std::string message = capture.on_screenshot(to_rgba_frame(dream), params, 42);
  CHECK(message.find("saved " + dir + "/livedream-") == 0);
  const auto pngs = files_in(dir, ".png");
  REQUIRE(pngs.size() == 1);
  CHECK(load_image(pngs[0].string()).rgb == dream.rgb);
  CHECK(params_from_json_text(read_png_text(pngs[0].string())[png_keys::kParams], "shot") == params);
  auto sidecar = nlohmann::json::parse(read_file_text(fs::path(pngs[0]).replace_extension(".json").string(), "sidecar"));
  CHECK(sidecar["step"] == 42);
  CHECK(sidecar["kind"] == "dream");
  capture.on_window_screenshot(to_rgba_frame(make_clouds(120, 80, 3)), params, 43);
  const auto jsons = files_in(dir, ".json");
  REQUIRE(jsons.size() == 2);
  CHECK(nlohmann::json::parse(read_file_text(jsons[1].string(), "sidecar"))["kind"] == "window");
}

TEST_CASE("a recording into an unwritable captures folder is a one-line error") {
  LiveCapture capture({"/sys/livedream-captures"});
  try {
    capture.on_toggle_recording({});
    FAIL("started");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("/sys/livedream-captures") != std::string::npos);
  }
  CHECK_FALSE(capture.recording());
}

TEST_CASE("a disk that fills up stops the recording, the viewer hears it through on_engine_frame") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("live_capture_full");
  const int code = test::run_with_file_size_limit(40'000, [&] {
    LiveCaptureOptions options;
    options.folder = dir;
    LiveCapture capture(options);
    capture.on_toggle_recording({});
    std::string message;
    // As the viewer does: hand frames over while recording() says so, show what is thrown.
    for (int step = 1; step <= 2000 && capture.recording(); ++step) {
      try {
        capture.on_engine_frame(to_rgba_frame(test::noise_frame(96, 64, step), step));
      } catch (const Error& e) {
        message = e.what();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::fprintf(stderr, "child: %s\n", message.c_str());
    if (message.find("recording stopped: file size limit reached while writing") != 0) return 1;
    if (capture.recording()) return 2;  // reported once, then the viewer shows it as stopped
    // F9 again starts a new recording rather than "stopping" the failed one.
    if (capture.on_toggle_recording({}).find("recording to ") != 0) return 3;
    return capture.recording() ? 0 : 4;
  });
  CHECK(code == 0);
}

TEST_CASE("a recording shares the frame's pixels until they are written, and skips device frames") {
  const std::string dir = test::tmp_dir("live_capture_shared");
  LiveCaptureOptions options;
  options.folder = dir;
  options.format = OutputFormat::PngSequence;
  LiveCapture capture(options);
  capture.on_toggle_recording({});
  RgbaFrame device = to_rgba_frame(test::synthetic_frame(16, 16, 1), 1);
  device.on_device = true;  // its pointer is not host memory: never read here
  capture.on_engine_frame(device);
  const Image picture = test::synthetic_frame(16, 16, 2);
  {
    RgbaFrame host = to_rgba_frame(picture, 2);
    const std::weak_ptr<const void> pixels = host.owner;
    capture.on_engine_frame(host);
    host = {};
    capture.stop_recording();
    CHECK(pixels.expired());  // released once written
  }
  const auto pngs = files_in(dir + "/" + fs::directory_iterator(dir)->path().filename().string(), ".png");
  REQUIRE(pngs.size() == 1);
  CHECK(load_image(pngs[0].string()).rgb == picture.rgb);
}
