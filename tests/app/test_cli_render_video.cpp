// `livedream render VIDEO` as a user runs it: clips made at test time with ffmpeg, a real model
// (SqueezeNet, tiny frames, one step per frame), files judged by ffprobe, interruptions by real
// signals.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "capture/video_probe.h"
#include "core/file_io.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/signalled_run.h"
#include "support/test_env.h"
#include "video/test_clips.h"

extern char** environ;

using namespace livedream;
using namespace livedream::test;
namespace fs = std::filesystem;

namespace {

std::string render_args(const std::string& extra) {
  return " render --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
         " --layers fire5 --step-size 0.03 --device cpu --steps-per-frame 1 --max-dim 96 " + extra;
}

CommandResult render(const std::string& args) { return run_command(shell_quote(livedream_bin()) + render_args(args)); }

long count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

std::string without_info_lines(const std::string& output) {
  return without_lines_starting(output, {"livedream: model ", "livedream: rendering ", "livedream: wrote "});
}

// A render (render_args) run until `progress_file` appears, then sent `sig`.
SignalledRun render_and_signal(const std::string& args, const std::string& progress_file, int sig, const std::string& log) {
  return run_then_signal(shell_quote(livedream_bin()) + render_args(args), progress_file, sig, log, 120);
}

}  // namespace

TEST_CASE("render VIDEO dreams every frame at the source's rate and keeps its sound") {
  const std::string dir = tmp_dir("cli_render_video");
  const std::string clip = make_pan_clip_with_audio(dir + "/pan.mp4", 10, 160, 120, 10);
  const std::string out = dir + "/dreamt.mp4";
  const auto r = render(shell_quote(clip) + " --out " + shell_quote(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string info = without_model_notice(r.output);
  CHECK(info.rfind("livedream: rendering 10 frames of " + clip + " from source frame 0 at 96x72, 1 steps per frame, 10 fps", 0) == 0);
  CHECK(info.find("\nlivedream: wrote " + out + ": 10 frames at 10 fps (1.0 s, with sound)\n") != std::string::npos);
  check_h264_video(probe_video(out), 10, 96, 72, 10);
  const auto audio = probe_audio(out);
  INFO(audio.output);
  CHECK(audio.codec == "aac");
  CHECK(audio.duration == Approx(1.0).margin(0.1));
  // Dreamt, and moving with the source: the frames differ from each other.
  const auto frames = decode_frames(out, dir + "/decoded");
  REQUIRE(frames.size() == 10);
  CHECK(mean_abs_difference(frames.front(), frames.back()) > 3.0);
  CHECK_FALSE(fs::exists(out + ".resume.png"));
}

TEST_CASE("render VIDEO takes one ascent step per frame unless --steps-per-frame says otherwise") {
  // One step a frame keeps a dreamt video steady (bench/RESULTS.md); zoom renders keep their 5.
  const std::string dir = tmp_dir("cli_render_video_steps");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 3, 160, 120, 10);
  const std::string base = shell_quote(livedream_bin()) + " render " + shell_quote(clip) + " --model " +
                           shell_quote(shared_model("squeezenet1_1_caffe.pt")) + " --layers fire5 --device cpu --max-dim 96 --out " +
                           shell_quote(dir + "/out.mp4");
  const auto by_default = run_command(base);
  INFO(by_default.output);
  REQUIRE(by_default.exit_code == 0);
  CHECK(by_default.output.find(" at 96x72, 1 steps per frame, 10 fps") != std::string::npos);
  const auto given = run_command(base + " --steps-per-frame 2");
  INFO(given.output);
  REQUIRE(given.exit_code == 0);
  CHECK(given.output.find(" at 96x72, 2 steps per frame, 10 fps") != std::string::npos);
}

TEST_CASE("render VIDEO --keyframes follows the keys per output frame, and refuses a model track") {
  const std::string dir = tmp_dir("cli_render_video_keyframes");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 6, 160, 120, 10);
  std::ofstream(dir + "/keys.json") << R"({"unit": "seconds", "tracks": {"step_size": [[0, 0.01], [0.5, 0.05]], "jitter": [[0.3, 8]]}})";
  const auto r = render(shell_quote(clip) + " --keyframes " + shell_quote(dir + "/keys.json") + " --out " + shell_quote(dir + "/out.mp4"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("livedream: keyframes (seconds): jitter (smooth, 1 key) step_size (smooth, 2 keys)\n") != std::string::npos);
  CHECK(probe_video(dir + "/out.mp4").frames == 6);
  std::ofstream(dir + "/model.json") << R"({"tracks": {"model": [[2, "googlenet_bvlc.pt"]]}})";
  const auto refused =
      render(shell_quote(clip) + " --keyframes " + shell_quote(dir + "/model.json") + " --out " + shell_quote(dir + "/no.mp4"));
  INFO(refused.output);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.rfind("livedream: error: " + dir + "/model.json: 'model' cannot be keyed in a video render", 0) == 0);
  CHECK_FALSE(fs::exists(dir + "/no.mp4"));
}

TEST_CASE("render VIDEO --metrics writes the flicker ratio and strength, and flow flickers less than off") {
  const std::string dir = tmp_dir("cli_render_video_metrics");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 12, 160, 120, 10);
  auto metrics_of = [&](const std::string& mode) {
    const std::string json_path = dir + "/" + mode + ".json";
    const auto r = render(shell_quote(clip) + " --out " + shell_quote(dir + "/" + mode + ".mp4") + " --temporal " + mode + " --metrics " +
                          shell_quote(json_path));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(read_file_text(json_path, "metrics"));
  };
  const auto flow = metrics_of("flow"), off = metrics_of("off");
  INFO(flow.dump(1) << off.dump(1));
  CHECK(flow["temporal"] == "flow");
  CHECK(flow["frames"] == 12);
  CHECK(flow["compared_frames"].get<int>() >= 10);  // a steady pan: motion between every pair
  CHECK(flow["strength"].get<double>() > 1.0);      // dreamt, not the source
  CHECK(flow["flicker_ratio"].get<double>() < off["flicker_ratio"].get<double>());

  const auto unwritable = render(shell_quote(clip) + " --out " + shell_quote(dir + "/x.mp4") + " --frames 2 --metrics /proc/x/m.json");
  INFO(unwritable.output);
  CHECK(unwritable.exit_code == 2);  // refused before any frame is dreamt
  CHECK(unwritable.output.find("--metrics /proc/x/m.json") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/x.mp4"));
}

TEST_CASE("render VIDEO --start and --frames pick the stretch, sound included") {
  const std::string dir = tmp_dir("cli_render_video_start");
  const std::string clip = make_pan_clip_with_audio(dir + "/pan.mkv", 24, 128, 96, 12);
  const std::string out = dir + "/part.mp4";
  const auto r = render(shell_quote(clip) + " --out " + shell_quote(out) + " --start 1 --frames 4");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("rendering 4 frames of " + clip + " from source frame 12 at 96x72") != std::string::npos);
  check_h264_video(probe_video(out), 4, 96, 72, 12);
  CHECK(probe_audio(out).duration == Approx(4.0 / 12).margin(0.1));
}

TEST_CASE("render VIDEO to a PNG sequence and from an image sequence") {
  const std::string dir = tmp_dir("cli_render_video_png");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 3, 96, 64, 25);
  fs::create_directories(dir + "/src");
  REQUIRE(run_command("ffmpeg -v error -y -i " + shell_quote(clip) + " " + shell_quote(dir + "/src/%04d.png")).exit_code == 0);
  const auto r = render(shell_quote(dir + "/src/%04d.png") + " --out " + shell_quote(dir + "/out/"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(dir + "/out/frame-000002.png"));
  CHECK_FALSE(fs::exists(dir + "/out/frame-000003.png"));
  CHECK(read_png_text(dir + "/out/frame-000001.png").at("livedream-frame") == "1");
}

TEST_CASE("SIGINT during a video render leaves a playable MP4 with sound and a resume command") {
  const std::string dir = tmp_dir("cli_render_video_sigint");
  const std::string clip = make_pan_clip_with_audio(dir + "/long.mp4", 200, 96, 64, 2);  // 100 s: never done before the signal
  const std::string out = dir + "/dreamt.mp4";
  // At 2 fps the resume frame is written every 2 frames: once it exists, frames are in the file.
  const auto r = render_and_signal(shell_quote(clip) + " --out " + shell_quote(out), out + ".resume.png", SIGINT, dir + "/log.txt");
  INFO(r.output);
  CHECK(r.exit_code == 130);
  CHECK(r.output.find("livedream: interrupted: " + out + " has frames 0-") != std::string::npos);
  CHECK(r.output.find("continue with: livedream render --resume-from " + out + ".resume.png") != std::string::npos);
  const auto probe = probe_video(out);
  INFO(probe.output);
  REQUIRE(probe.ok);
  CHECK(probe.frames >= 2);
  CHECK(probe.frame_rate == "2/1");
  const auto audio = probe_audio(out);
  INFO(audio.output);
  CHECK(audio.codec == "aac");
  CHECK(audio.duration == Approx(probe.frames / 2.0).margin(0.15));
  CHECK(read_png_text(out + ".resume.png").at("livedream-frame") == std::to_string(probe.frames - 1));

  // Resuming reads on from the next source frame into a new part.
  const long first = probe.frames;
  const auto resumed = run_command(shell_quote(livedream_bin()) + " render --resume-from " + shell_quote(out + ".resume.png") +
                                   " --frames " + std::to_string(first + 2));
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.output.find("from source frame " + std::to_string(first) + " ") != std::string::npos);
  char part_name[64];
  std::snprintf(part_name, sizeof part_name, "/dreamt-from-%06ld.mp4", first);
  const auto part = probe_video(dir + part_name);
  INFO(part.output);
  CHECK(part.frames == 2);
  CHECK(probe_audio(dir + part_name).duration == Approx(1.0).margin(0.15));
}

TEST_CASE("video render failures are one line: no camera, not a video, a truncated file, --fps") {
  const std::string dir = tmp_dir("cli_render_video_errors");
  std::ofstream(dir + "/notes.mp4") << "not a video\n";
  // The README's rule: 1 when what the command names cannot be used (as for an unreadable
  // image), 2 when the request itself is wrong.
  struct Case {
    std::string args, expected;
    int exit_code;
  };
  for (const auto& [args, expected, exit_code] :
       std::vector<Case>{{"camera:7 --out " + shell_quote(dir + "/c.mp4"), "livedream: error: no camera /dev/video7 (camera:7): ", 1},
                         {shell_quote(dir + "/notes.mp4") + " --out " + shell_quote(dir + "/n.mp4"),
                          "livedream: error: cannot open video file " + dir + "/notes.mp4: not a video ffmpeg can read", 1},
                         {shell_quote(dir + "/missing.mp4") + " --out " + shell_quote(dir + "/m.mp4"),
                          "livedream: error: cannot open video file " + dir + "/missing.mp4: no such file", 1},
                         {"clip.mp4 --out x.mp4 --fps 10", "livedream: error: --fps is the source's in a video render", 2},
                         {"clouds --out x.mp4 --frames 2 --start 3", "livedream: error: --start applies to video inputs", 2}}) {
    INFO(args);
    const auto r = run_command(shell_quote(livedream_bin()) + " render " + args);
    INFO(r.output);
    CHECK(r.exit_code == exit_code);
    CHECK(r.output.rfind(expected, 0) == 0);
    CHECK(count_lines(r.output) == 1);
  }
  // A file cut off mid-way: the frames before the cut are dreamt and kept, then one error line.
  require_ffmpeg_tools();
  REQUIRE(run_command("ffmpeg -v error -y -loop 1 -framerate 10 -i " + shell_quote(shared_image("sky.jpg")) +
                      " -vf 'crop=96:64:n*4:40,format=yuv420p' -r 10 -frames:v 30 -g 5 " + shell_quote(dir + "/pan.mkv"))
              .exit_code == 0);
  const std::string cut = truncated_copy(dir + "/pan.mkv", dir + "/cut.mkv", 0.5);
  const auto r = render(shell_quote(cut) + " --out " + shell_quote(dir + "/cut.mp4"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  const std::string error = without_info_lines(r.output);
  CHECK(error.rfind("livedream: error: video file " + cut + " stopped after ", 0) == 0);
  CHECK(error.find("kept in " + dir + "/cut.mp4") != std::string::npos);
  CHECK(count_lines(error) == 1);
  const auto probe = probe_video(dir + "/cut.mp4");
  CHECK(probe.frames > 0);
  CHECK(probe.frames < 30);
}

TEST_CASE("render: a file that is neither image nor video, and a --start past the end, are said in the user's terms") {
  const std::string dir = tmp_dir("cli_render_terms");
  std::ofstream(dir + "/notes.txt") << "shopping list\n";
  auto r =
      run_command(shell_quote(livedream_bin()) + " render " + shell_quote(dir + "/notes.txt") + " --out " + shell_quote(dir + "/x.mp4"));
  INFO(r.output);
  CHECK(r.exit_code == 1);  // as for any input that cannot be read
  CHECK(r.output.rfind("livedream: error: " + dir + "/notes.txt is not an image or video livedream can read", 0) == 0);
  CHECK(count_lines(r.output) == 1);

  // --start is in seconds, and so is the answer (the clip is 1 s long).
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 10, 160, 120, 10);
  r = render(shell_quote(clip) + " --out " + shell_quote(dir + "/late.mp4") + " --start 99");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(without_model_notice(r.output) ==
        "livedream: error: " + clip + " is 1 s long, so there is nothing from 99 s on (give a --start before the end)\n");
}

TEST_CASE(
    "render VIDEO with no dream options looks like a dream from its first frame (the classic preset, the first frame's whole schedule)") {
  const std::string googlenet = shared_model("googlenet_bvlc.pt");
  const std::string dir = tmp_dir("cli_render_video_defaults");
  const std::string campus = shared_video("campus.mp4");
  // What a new user types, on real footage (small, and four frames, to stay quick).
  const auto r =
      run_command("LIVEDREAM_MODEL=" + shell_quote(googlenet) + " " + shell_quote(livedream_bin()) + " render " + shell_quote(campus) +
                  " --out " + shell_quote(dir + "/first.mp4") + " --frames 4 --max-dim 160 --metrics " + shell_quote(dir + "/m.json"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("(classic preset; --preset or options change it)") != std::string::npos);
  const auto metrics = nlohmann::json::parse(read_file_text(dir + "/m.json", "metrics"));
  INFO(metrics.dump());
  // Mean |dream - source| in levels: the old defaults gave 1.5 here (a faint shimmer), the
  // classic preset from the first frame 10.
  CHECK(metrics.at("strength").get<double>() > 8.0);
}
