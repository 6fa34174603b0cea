// The viewer's capture hooks without a window: what F12 and F9 produce from the frames the viewer
// hands over (the viewer itself is tested under Xvfb).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/viewer_capture.h"
#include "capture/screenshot_writer.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/procedural_image.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::app;
namespace fs = std::filesystem;

namespace {
std::vector<uint8_t> to_rgba(const Image& image) {
  std::vector<uint8_t> rgba;
  for (size_t i = 0; i < image.rgb.size(); i += 3) rgba.insert(rgba.end(), {image.rgb[i], image.rgb[i + 1], image.rgb[i + 2], 255});
  return rgba;
}
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
  const std::string dir = test::tmp_dir("viewer_capture_record");
  ViewerCaptureOptions options;
  options.folder = dir;
  options.fps = 25;
  ViewerCapture capture(options);
  DreamParams params;
  CHECK(capture.on_toggle_recording(params).find("recording to " + dir + "/livedream-") == 0);
  CHECK(capture.recording());
  for (int step = 1; step <= 10; ++step) {
    const auto rgba = to_rgba(test::synthetic_frame(96, 64, step));
    CaptureFrame frame{96, 64, rgba.data(), step};
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
  const std::string dir = test::tmp_dir("viewer_capture_gaps");
  ViewerCaptureOptions options;
  options.folder = dir;
  options.format = capture::OutputFormat::PngSequence;
  ViewerCapture capture(options);
  capture.on_toggle_recording({});
  for (int step : {1, 2, 5, 6}) {
    const auto rgba = to_rgba(test::synthetic_frame(16, 16, step));
    capture.on_engine_frame({16, 16, rgba.data(), step});
  }
  CHECK(capture.indicator().dropped == 2);
  const std::string message = capture.stop_recording();
  CHECK(message.find("4 frames") != std::string::npos);
  CHECK(message.find("2 steps dropped") != std::string::npos);
}

TEST_CASE("F12 saves the dream with its parameters, the window shot is marked as such") {
  const std::string dir = test::tmp_dir("viewer_capture_shot") + "/captures";
  ViewerCapture capture({dir});
  DreamParams params;
  params.seed = 77;
  const Image dream = make_clouds(96, 64, 2);
  const std::string message = capture.on_screenshot(dream, params, 42);
  CHECK(message.find("saved " + dir + "/livedream-") == 0);
  const auto pngs = files_in(dir, ".png");
  REQUIRE(pngs.size() == 1);
  CHECK(load_image(pngs[0].string()).rgb == dream.rgb);
  CHECK(params_from_json_text(read_png_text(pngs[0].string())[capture::kParamsTextKey], "shot") == params);
  auto sidecar = nlohmann::json::parse(read_file_text(fs::path(pngs[0]).replace_extension(".json").string(), "sidecar"));
  CHECK(sidecar["step"] == 42);
  CHECK(sidecar["kind"] == "dream");
  capture.on_window_screenshot(make_clouds(120, 80, 3), params, 43);
  const auto jsons = files_in(dir, ".json");
  REQUIRE(jsons.size() == 2);
  CHECK(nlohmann::json::parse(read_file_text(jsons[1].string(), "sidecar"))["kind"] == "window");
}

TEST_CASE("a recording into an unwritable captures folder is a one-line error") {
  ViewerCapture capture({"/sys/livedream-captures"});
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
  const std::string dir = test::tmp_dir("viewer_capture_full");
  const int code = test::run_with_file_size_limit(40'000, [&] {
    ViewerCaptureOptions options;
    options.folder = dir;
    ViewerCapture capture(options);
    capture.on_toggle_recording({});
    std::string message;
    // As the viewer does: hand frames over while recording() says so, show what is thrown.
    for (int step = 1; step <= 2000 && capture.recording(); ++step) {
      const auto rgba = to_rgba(test::noise_frame(96, 64, step));
      try {
        capture.on_engine_frame({96, 64, rgba.data(), step});
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
