// `livedream render` as a user runs it: real model (SqueezeNet, tiny frames, for speed), real
// ffmpeg, files judged by ffprobe; interruptions by real signals.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "capture/video_probe.h"
#include "core/file_io.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/signalled_run.h"
#include "support/test_env.h"

extern char** environ;

using namespace livedream;
using namespace livedream::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Small and fast: 96x64 clouds, SqueezeNet, one step per frame.
std::string render_args(const std::string& extra) {
  return " render --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
         " --layers fire5 --step-size 0.03 --device cpu --steps-per-frame 1 " + extra;
}

CommandResult render(const std::string& args) { return run_command(shell_quote(livedream_bin()) + render_args(args)); }

long count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// The output without the model line and the info lines render prints on stderr whatever it is
// ("rendering frames ...", "wrote ..."): what is left of a failure must be its one error line.
std::string without_info_lines(const std::string& output) {
  return without_lines_starting(output, {"livedream: model ", "livedream: rendering frames ", "livedream: wrote "});
}

// A render (render_args) run until `progress_file` appears, then sent `sig`.
SignalledRun render_and_signal(const std::string& args, const std::string& progress_file, int sig, const std::string& log) {
  return run_then_signal(shell_quote(livedream_bin()) + render_args(args), progress_file, sig, log, 90);
}

}  // namespace

TEST_CASE("render writes exactly N frames at the size and fps asked for, first and last differ") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("cli_render_mp4");
  const std::string out = dir + "/zoom.mp4";
  auto r = render("clouds:96x64 --out " + shell_quote(out) + " --frames 6 --fps 24 --zoom 1.05");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  // Not a terminal: no progress bar, but the info lines scripts need, on stderr: the model that ran,
  // what is rendered at which size, and the file written.
  CHECK(r.output.rfind("livedream: model ", 0) == 0);
  CHECK(r.output.find('\r') == std::string::npos);
  const std::string info = without_model_notice(r.output);
  CHECK(info.rfind("livedream: rendering frames 0-5 at 96x64, ", 0) == 0);
  CHECK(info.find("\nlivedream: wrote " + out + ": 6 frames at 24 fps (0.2 s)\n") != std::string::npos);
  CHECK(count_lines(info) == 2);
  check_h264_video(probe_video(out), 6, 96, 64, 24);
  const auto frames = decode_frames(out, dir + "/decoded");
  REQUIRE(frames.size() == 6);
  CHECK(mean_abs_difference(frames.front(), frames.back()) > 3.0);
  CHECK_FALSE(fs::exists(out + ".resume.png"));  // finished: nothing to resume
}

TEST_CASE("render plays at 30 fps by default and writes GIFs") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("cli_render_gif");
  auto r = render("clouds:96x64 --out " + shell_quote(dir + "/zoom.gif") + " --frames 3");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto probe = probe_video(dir + "/zoom.gif");
  INFO(probe.output);
  CHECK(probe.codec == "gif");
  CHECK(probe.frames == 3);
  CHECK(probe.width == 96);
}

TEST_CASE("SIGINT during a render leaves a playable MP4, and the render resumes as a second part") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("cli_render_sigint");
  const std::string out = dir + "/zoom.mp4";
  // At 2 fps the resume frame is written every 2 frames: its existence means frames are in the file.
  const auto r = render_and_signal("clouds:96x64 --out " + shell_quote(out) + " --frames 100000 --fps 2", out + ".resume.png", SIGINT,
                                   dir + "/log.txt");
  INFO(r.output);
  CHECK(r.exit_code == 130);
  CHECK(r.output.find("livedream: interrupted: " + out + " has frames 0-") != std::string::npos);
  CHECK(r.output.find("continue with: livedream render --resume-from " + out + ".resume.png --frames 100000") != std::string::npos);
  const auto probe = probe_video(out);
  INFO(probe.output);
  REQUIRE(probe.ok);
  CHECK(probe.frames >= 2);
  CHECK(probe.frame_rate == "2/1");
  // The resume frame is the file's last frame.
  const auto text = read_png_text(out + ".resume.png");
  CHECK(text.at("livedream-frame") == std::to_string(probe.frames - 1));

  // Continue for three more frames: a new part, named after its first frame, never the old file.
  const long first = probe.frames;
  auto resumed = run_command(shell_quote(livedream_bin()) + " render --resume-from " + shell_quote(out + ".resume.png") + " --frames " +
                             std::to_string(first + 3));
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  char part_name[64];
  std::snprintf(part_name, sizeof part_name, "/zoom-from-%06ld.mp4", first);
  const std::string part = dir + part_name;
  const auto part_probe = probe_video(part);
  INFO(part_probe.output);
  CHECK(part_probe.frames == 3);
  CHECK(part_probe.frame_rate == "2/1");
  CHECK(probe_video(out).frames == first);  // the first part is untouched
  // The documented join gives one video with every frame.
  std::ofstream(dir + "/parts.txt") << "file '" << out << "'\nfile '" << part << "'\n";
  auto joined = run_command("ffmpeg -v error -y -f concat -safe 0 -i " + shell_quote(dir + "/parts.txt") + " -c copy " +
                            shell_quote(dir + "/full.mp4"));
  INFO(joined.output);
  CHECK(probe_video(dir + "/full.mp4").frames == first + 3);
  // Resuming again onto an existing part is refused rather than overwriting it.
  auto again = run_command(shell_quote(livedream_bin()) + " render --resume-from " + shell_quote(out + ".resume.png") + " --frames " +
                           std::to_string(first + 3));
  CHECK(again.exit_code == 2);
  CHECK(again.output.find("already exists and resuming never overwrites a video") != std::string::npos);
}

TEST_CASE("SIGTERM during a render leaves a playable MP4") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("cli_render_sigterm");
  const std::string out = dir + "/zoom.mp4";
  const auto r = render_and_signal("clouds:96x64 --out " + shell_quote(out) + " --frames 100000 --fps 2", out + ".resume.png", SIGTERM,
                                   dir + "/log.txt");
  INFO(r.output);
  CHECK(r.exit_code == 143);
  const auto probe = probe_video(out);
  INFO(probe.output);
  CHECK(probe.ok);
  CHECK(probe.frames >= 2);
}

TEST_CASE("a PNG sequence render resumes where it stopped and continues the numbering") {
  const std::string dir = tmp_dir("cli_render_png");
  auto first = render("clouds:96x64 --out " + shell_quote(dir + "/frames/") + " --frames 3");
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  const std::string last = dir + "/frames/frame-000002.png";
  REQUIRE(fs::exists(last));
  auto text = read_png_text(last);
  CHECK(text.count("livedream"));  // the parameters, as `dream --params-from` reads them
  CHECK(text.at("livedream-frame") == "2");
  auto second = run_command(shell_quote(livedream_bin()) + " render --resume-from " + shell_quote(last) + " --frames 5");
  INFO(second.output);
  REQUIRE(second.exit_code == 0);
  CHECK(fs::exists(dir + "/frames/frame-000004.png"));
  CHECK_FALSE(fs::exists(dir + "/frames/frame-000005.png"));
  CHECK(read_png_text(dir + "/frames/frame-000003.png").at("livedream-frame") == "3");
  // The continuation starts from the last frame: frame 3 is close to frame 2, not to the clouds.
  const Image f2 = load_image(last), f3 = load_image(dir + "/frames/frame-000003.png");
  const Image f0 = load_image(dir + "/frames/frame-000000.png");
  CHECK(mean_abs_difference(f2, f3) < mean_abs_difference(f0, f3));
}

TEST_CASE("without ffmpeg on PATH, render writes a PNG sequence and says so in one line") {
  const std::string dir = tmp_dir("cli_render_no_ffmpeg");
  const std::string empty_path = tmp_dir("cli_render_no_ffmpeg_path");  // no ffmpeg (and nothing else) here
  auto r = run_command("env PATH=" + shell_quote(empty_path) + " " + shell_quote(livedream_bin()) +
                       render_args("clouds:96x64 --out " + shell_quote(dir + "/zoom.mp4") + " --frames 2"));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  const std::string notice = without_info_lines(r.output);
  CHECK(notice.find("livedream: note: ffmpeg not found in PATH, so frames go to " + dir + "/zoom-frames/") == 0);
  CHECK(count_lines(notice) == 1);
  CHECK(fs::exists(dir + "/zoom-frames/frame-000000.png"));
  CHECK(fs::exists(dir + "/zoom-frames/frame-000001.png"));
  CHECK_FALSE(fs::exists(dir + "/zoom.mp4"));
}

TEST_CASE("an unwritable output folder is one line and exit code 1, before any work") {
  std::vector<std::string> outs = {"/sys/livedream-zoom.mp4", "/sys/livedream-frames/"};
  if (::geteuid() != 0) {  // root writes anywhere a mode allows; /sys refuses even root
    const std::string dir = tmp_dir("cli_render_readonly");
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    outs.push_back(dir + "/zoom.mp4");
  }
  for (const auto& out : outs) {
    INFO(out);
    // A model that does not exist: the folder is checked first, so its error is the one reported.
    auto r = run_command(shell_quote(livedream_bin()) + " render clouds:96x64 --model /nonexistent/model.pt --out " + shell_quote(out) +
                         " --frames 2");
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("livedream: error: cannot ") == 0);
    CHECK(r.output.find("Permission denied") != std::string::npos);
    CHECK(count_lines(r.output) == 1);
  }
}

TEST_CASE("a full disk during a render is a message and exit code 1, not a crash") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("cli_render_dev_full");
  fs::create_symlink("/dev/full", dir + "/full.mp4");
  auto r = render("clouds:96x64 --out " + shell_quote(dir + "/full.mp4") + " --frames 3");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  const std::string error = without_info_lines(r.output);
  CHECK(error.find("livedream: error: disk full while writing " + dir + "/full.mp4") == 0);
  CHECK(count_lines(error) == 1);
}

TEST_CASE("render --help shows the zoom per frame render uses, once") {
  const auto r = run_command(shell_quote(livedream_bin()) + " render --help");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("--zoom FLOAT=1.02 ") != std::string::npos);
  CHECK(r.output.find("--zoom FLOAT=1 ") == std::string::npos);
  CHECK(r.output.find("--rotate FLOAT=0 ") != std::string::npos);
  CHECK(r.output.find("[1.02]") == std::string::npos);  // not a second time in the description
}

TEST_CASE("render usage errors are one line and exit code 2") {
  for (const std::string args : {"clouds --out zoom.avi --frames 2", "clouds --out zoom.mp4", "--out zoom.mp4 --frames 2",
                                 "clouds --out zoom.mp4 --frames 2 --pan 1", "clouds --out zoom.png --frames 2"}) {
    INFO(args);
    auto r = run_command(shell_quote(livedream_bin()) + " render " + args);
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("livedream: error: ") == 0);
    CHECK(count_lines(r.output) == 1);
  }
}

namespace {

// `img` zoomed by `z` about its centre as the engine's feedback does (grid_sample, bilinear,
// align_corners false), sampled at (x, y), channel c.
double zoomed_at(const Image& img, double z, int x, int y, int c) {
  const double u = (x + 0.5 - img.width / 2.0) / z + img.width / 2.0 - 0.5;
  const double v = (y + 0.5 - img.height / 2.0) / z + img.height / 2.0 - 0.5;
  const int x0 = static_cast<int>(std::floor(u)), y0 = static_cast<int>(std::floor(v));
  const double fx = u - x0, fy = v - y0;
  auto at = [&](int px, int py) {
    return static_cast<double>(img.pixel(std::clamp(px, 0, img.width - 1), std::clamp(py, 0, img.height - 1))[c]);
  };
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

// The zoom that best turns `before` into `after` (mean abs difference over the middle half),
// searched in steps of 0.001.
double measured_zoom(const Image& before, const Image& after) {
  double best_z = 0, best_err = 1e30;
  for (double z = 0.98; z <= 1.16; z += 0.001) {
    double err = 0;
    for (int y = after.height / 4; y < after.height * 3 / 4; ++y)
      for (int x = after.width / 4; x < after.width * 3 / 4; ++x)
        for (int c = 0; c < 3; ++c) err += std::abs(zoomed_at(before, z, x, y, c) - after.pixel(x, y)[c]);
    if (err < best_err) best_err = err, best_z = z;
  }
  return best_z;
}

}  // namespace

TEST_CASE("render --keyframes: the per-frame zoom follows the keyed curve") {
  const std::string dir = tmp_dir("cli_render_keyframes");
  // Zoom 1.0 at frame 0 rising linearly to 1.1 at frame 8, then held; the ascent is made
  // negligible (a tiny step) so each frame differs from the last by its zoom alone.
  std::ofstream(dir + "/keys.json") << R"({"interpolation": "linear", "tracks": {"zoom": [[0, 1.0], [8, 1.1]]}})";
  auto r = run_command(shell_quote(livedream_bin()) + " render --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
                       " --layers fire5 --step-size 0.00001 --device cpu --steps-per-frame 1 clouds:128x128 --max-dim 128 --frames 11"
                       " --keyframes " +
                       shell_quote(dir + "/keys.json") + " --out " + shell_quote(dir + "/frames/"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("livedream: keyframes (frames): zoom (linear, 2 keys)") != std::string::npos);
  Image previous = load_image(dir + "/frames/frame-000000.png");
  for (int n = 1; n <= 10; ++n) {
    const Image frame = load_image(dir + "/frames/frame-" + std::string(n < 10 ? "00000" : "0000") + std::to_string(n) + ".png");
    const double expected = 1.0 + 0.1 * std::min(n, 8) / 8.0;
    const double measured = measured_zoom(previous, frame);
    INFO("frame " << n << ": zoom measured " << measured << ", keyed " << expected);
    CHECK(std::abs(measured - expected) <= 0.003);
    previous = frame;
  }
}

TEST_CASE("render --keyframes: a model key goes on with another model from the frame reached, its layers checked first") {
  const std::string dir = tmp_dir("cli_render_keyframes_model");
  const std::string squeezenet = shared_model("squeezenet1_1_caffe.pt"), googlenet = shared_model("googlenet_bvlc.pt");
  const std::string base = shell_quote(livedream_bin()) + " render --model " + shell_quote(squeezenet) +
                           " --layers fire5 --step-size 0.02 --device cpu --steps-per-frame 1 clouds:96x96 --max-dim 96 --frames 4";
  std::ofstream(dir + "/keys.json") << json{{"tracks", {{"model", {{2, googlenet}}}, {"layers", {{2, "inception_3b"}}}}}}.dump();
  auto r = run_command(base + " --keyframes " + shell_quote(dir + "/keys.json") + " --out " + shell_quote(dir + "/frames/"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("livedream: frame 2: model " + googlenet + "\n") != std::string::npos);
  CHECK(r.output.find("livedream: frame ") == r.output.rfind("livedream: frame "));  // one switch, at its key
  for (int n = 0; n < 4; ++n) CHECK(fs::exists(dir + "/frames/frame-00000" + std::to_string(n) + ".png"));

  // The same model key without the layers of the new model: refused before the first frame.
  std::ofstream(dir + "/bad.json") << json{{"tracks", {{"model", {{2, googlenet}}}}}}.dump();
  auto bad = run_command(base + " --keyframes " + shell_quote(dir + "/bad.json") + " --out " + shell_quote(dir + "/bad/"));
  INFO(bad.output);
  CHECK(bad.exit_code == 2);
  const std::string error = without_model_notice(bad.output);
  CHECK(error.rfind("livedream: error: " + dir + "/bad.json at frame 2: model " + googlenet + " has no layer 'fire5'", 0) == 0);
  CHECK(std::count(error.begin(), error.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir + "/bad"));
}

TEST_CASE("render --keyframes: bad keyframes are one line naming the key, before any work") {
  const std::string dir = tmp_dir("cli_render_keyframes_bad");
  std::ofstream(dir + "/keys.json") << R"({"tracks": {"zoom": [[0, 1.0], [20, 9]]}})";
  auto r = run_command(shell_quote(livedream_bin()) + " render clouds --frames 30 --out " + shell_quote(dir + "/out/") + " --keyframes " +
                       shell_quote(dir + "/keys.json"));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output == "livedream: error: " + dir + "/keys.json: 'zoom' key 1 (frame 20): 9 is outside 0.5..2 ('zoom' takes 0.5..2)\n");
  CHECK_FALSE(fs::exists(dir + "/out"));
  // A video render checks them before it opens the video (clip.mp4 does not exist).
  auto video =
      run_command(shell_quote(livedream_bin()) + " render clip.mp4 --frames 3 --out x.mp4 --keyframes " + shell_quote(dir + "/keys.json"));
  CHECK(video.exit_code == 2);
  CHECK(video.output == "livedream: error: " + dir + "/keys.json: 'zoom' key 1 (frame 20): 9 is outside 0.5..2 ('zoom' takes 0.5..2)\n");
}
