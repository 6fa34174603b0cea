// Drag and drop onto the viewer's window, for real: tests/viewer/xdnd_drop.py plays a file manager
// (the X11 XDND protocol) against the running viewer under Xvfb.
#include <nlohmann/json.hpp>

#include <string>

#include "core/file_io.h"
#include "core/image.h"
#include "core/procedural_image.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;

namespace {

struct DropRun {
  CommandResult result;  // the drop tool's and the viewer's exit codes and output
  json stats;
  json settings;
};

// Starts the viewer (SqueezeNet on small clouds, ~5 s of frames), drops `file` onto its window once
// the window exists, and waits for the viewer to finish.
DropRun drop_onto_viewer(const std::string& dir, const std::string& file) {
  const std::string stats = dir + "/stats.json";
  const std::string viewer = "XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) +
                             " clouds:160x120 --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
                             " --layers fire5 --device cpu --frames 300 --remember --stats-json " + shell_quote(stats);
  const std::string drop = "python3 " + shell_quote(source_dir() + "/tests/viewer/xdnd_drop.py") + " $pid " + shell_quote(file);
  // A simple command run with &: bash execs it in the child, so $pid is the viewer's own pid, the
  // one its window carries (_NET_WM_PID).
  const std::string script = viewer + " > " + shell_quote(dir + "/viewer.log") + " 2>&1 & pid=$!; " + drop +
                             "; echo drop=$?; wait $pid; echo viewer=$?; cat " + shell_quote(dir + "/viewer.log");
  DropRun run;
  run.result = run_command("bash -c " + shell_quote(script));
  run.stats = json::parse(read_file_text(stats, "stats"));
  run.settings = json::parse(read_file_text(dir + "/config/livedream/settings.json", "settings"));
  return run;
}

}  // namespace

TEST_CASE("viewer: an image dropped onto the window becomes the source, and is remembered") {
  need_display();
  const std::string dir = tmp_dir("viewer_drop_image");
  const std::string picture = dir + "/dropped picture.png";  // a space: the URI is percent-encoded
  save_png(picture, make_clouds(200, 120, 9));
  const auto run = drop_onto_viewer(dir, picture);
  INFO(run.result.output << run.stats.dump(1));
  CHECK(run.result.output.find("drop=0") != std::string::npos);
  CHECK(run.result.output.find("viewer=0") != std::string::npos);
  CHECK(run.stats["errors"].empty());
  CHECK(run.stats["resolution"] == json::array({200, 120}));  // the clouds were 160x120
  CHECK(run.settings["image"] == picture);
}

TEST_CASE("viewer: a preset dropped onto the window is applied, and a broken file dropped is a message, not a crash") {
  need_display();
  const std::string dir = tmp_dir("viewer_drop_preset");
  const std::string preset = dir + "/wild.json";
  write_file_atomically(preset, std::string(R"({"jitter": 7, "step_size": 0.02})"), "preset");
  const auto applied = drop_onto_viewer(dir, preset);
  INFO(applied.result.output << applied.stats.dump(1));
  CHECK(applied.result.output.find("viewer=0") != std::string::npos);
  CHECK(applied.stats["params"]["jitter"] == 7);
  CHECK(applied.stats["params"]["step_size"].get<double>() == Approx(0.02));

  const std::string broken_dir = tmp_dir("viewer_drop_broken");
  const std::string broken = broken_dir + "/broken.png";
  write_file_atomically(broken, std::string("\x89PNG\r\n\x1a\n truncated"), "test file");
  const auto refused = drop_onto_viewer(broken_dir, broken);
  INFO(refused.result.output << refused.stats.dump(1));
  CHECK(refused.result.output.find("viewer=0") != std::string::npos);  // still running to the end
  REQUIRE(refused.stats["errors"].size() == 1);
  CHECK(refused.stats["errors"][0].get<std::string>().find(broken) != std::string::npos);
  CHECK(refused.stats["resolution"] == json::array({160, 120}));  // still dreaming on the clouds
}

TEST_CASE("viewer: a video dropped onto the window plays and its frames are dreamt, and a missing camera is an error") {
  need_display();
  const std::string dir = tmp_dir("viewer_drop_video");
  const std::string clip = dir + "/dropped clip.mp4";
  const auto made =
      run_command("ffmpeg -v error -y -f lavfi -i testsrc2=size=176x144:rate=25 -frames:v 60 -pix_fmt yuv420p " + shell_quote(clip));
  REQUIRE(made.exit_code == 0);
  const auto run = drop_onto_viewer(dir, clip);
  INFO(run.result.output << run.stats.dump(1));
  CHECK(run.result.output.find("viewer=0") != std::string::npos);
  CHECK(run.stats["errors"].empty());
  CHECK(run.stats["resolution"] == json::array({176, 144}));  // the clouds were 160x120
  CHECK(run.stats["video"]["frames_dreamt"].get<int64_t>() >= 2);
  CHECK(run.settings["image"] == clip);  // a video file is remembered like an image

  const std::string camera_dir = tmp_dir("viewer_missing_camera");
  const auto missing = run_command("XDG_CONFIG_HOME=" + shell_quote(camera_dir + "/config") + " " + shell_quote(livedream_bin()) +
                                   " /dev/video97 --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) + " --frames 5");
  INFO(missing.output);
  CHECK(missing.exit_code != 0);
  CHECK(missing.output.find("/dev/video97") != std::string::npos);
  CHECK(missing.output.find("Segmentation") == std::string::npos);
}
