// Recording from the viewer itself (Xvfb, real model, real ffmpeg): --record starts what F9
// starts, so a scripted run records exactly what a user's recording would.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "capture/video_probe.h"
#include "core/file_io.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A small, quick dream: SqueezeNet on 160x120 clouds, one step per frame.
std::string viewer_command(const std::string& dir, const std::string& args) {
  return "XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " clouds:160x120 --model " +
         shell_quote(shared_model("squeezenet1_1_caffe.pt")) + " --layers fire5 --step-size 0.03 --device cpu " + args;
}

std::vector<fs::path> entries(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The recordings in a captures folder, each checked to have its session timeline beside it
// (<video>.timeline.json, <folder>.timeline.json), which is then left out of the list.
std::vector<fs::path> recordings(const std::string& captures) {
  std::vector<fs::path> out;
  const auto all = entries(captures);
  for (const auto& p : all) {
    const std::string name = p.string();
    if (name.size() > 14 && name.compare(name.size() - 14, 14, ".timeline.json") == 0) continue;
    CHECK(std::find(all.begin(), all.end(), fs::path(name + ".timeline.json")) != all.end());
    out.push_back(p);
  }
  return out;
}

}  // namespace

TEST_CASE("viewer: a scripted recording of N frames in lockstep is an MP4 of exactly N frames at the chosen fps") {
  need_display();
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("viewer_record_mp4");
  const std::string captures = dir + "/captures";  // does not exist yet: created when recording starts
  const std::string stats = dir + "/stats.json";
  const auto r = run_command(viewer_command(dir, "--schedule lockstep --frames 12 --record --record-fps 12 --captures " +
                                                     shell_quote(captures) + " --stats-json " + shell_quote(stats)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(read_file_text(stats, "stats"));
  INFO(j.dump(1));
  REQUIRE(j.contains("recording"));
  const json& rec = j["recording"];
  const auto files = recordings(captures);
  REQUIRE(files.size() == 1);
  const std::string video = files[0].string();
  CHECK(files[0].extension() == ".mp4");
  CHECK(files[0].filename().string().rfind("livedream-", 0) == 0);
  CHECK(rec["file"] == video);
  CHECK(r.output.find("saved " + video) != std::string::npos);  // said on exit

  // One video frame per engine step: 12 lockstep frames are 12 steps, none dropped.
  CHECK(rec["frames"] == 12);
  CHECK(rec["dropped"] == 0);
  check_h264_video(probe_video(video), 12, 160, 120, 12);
  const auto frames = decode_frames(video, dir + "/decoded");
  REQUIRE(frames.size() == 12);
  CHECK(mean_abs_difference(frames.front(), frames.back()) > 1.0);  // the dream moved on between the first and the last step
}

TEST_CASE("viewer: SIGINT or SIGTERM while recording leave a playable MP4 with its timeline beside it") {
  need_display();
  require_ffmpeg_tools();
  for (const char* sig : {"INT", "TERM"}) {
    INFO(sig);
    const std::string dir = tmp_dir(std::string("viewer_record_sig") + sig);
    const std::string captures = dir + "/captures";
    // Started in the background, signalled two seconds after its video file appeared.
    const std::string script = viewer_command(dir, "--schedule lockstep --record --captures " + shell_quote(captures)) + " > " +
                               shell_quote(dir + "/log.txt") +
                               " 2>&1 & pid=$!; "
                               "for i in $(seq 1 600); do ls " +
                               shell_quote(captures) +
                               "/*.mp4 >/dev/null 2>&1 && break; sleep 0.1; done; "
                               "sleep 2; kill -" +
                               sig + " $pid; wait $pid; echo exit=$?";
    const auto r = run_command("bash -c " + shell_quote(script));
    const std::string log = read_file_text(dir + "/log.txt", "log");
    INFO(r.output << log);
    // The signal still ends the program the way it would have (128 + signal), after the file is complete.
    CHECK(r.output.find(std::string("exit=") + (std::string(sig) == "INT" ? "130" : "143")) != std::string::npos);
    CHECK(log.find("finishing the recording") != std::string::npos);
    CHECK(log.find("wrote the recording's timeline") != std::string::npos);
    const auto files = recordings(captures);  // each with its timeline beside it, written before the signal's exit
    REQUIRE(files.size() == 1);
    const auto probe = probe_video(files[0].string());
    INFO(probe.output);
    CHECK(probe.ok);
    CHECK(probe.frames >= 1);
    CHECK(probe.width == 160);
  }
}

TEST_CASE("viewer: a recording into an unwritable captures folder is a one-line error, exit 1, no crash") {
  need_display();
  const std::string dir = tmp_dir("viewer_record_unwritable");
  // /proc takes no new folders, even for root.
  const auto r = run_command(viewer_command(dir, "--schedule lockstep --frames 3 --record --captures /proc/livedream-captures"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  const std::string errors = without_model_notice(r.output);
  CHECK(errors.rfind("livedream: error: ", 0) == 0);
  CHECK(std::count(errors.begin(), errors.end(), '\n') == 1);
  CHECK(errors.find("/proc/livedream-captures") != std::string::npos);
}

TEST_CASE("viewer: without ffmpeg, a recording is a PNG sequence, one file per step") {
  need_display();
  const std::string dir = tmp_dir("viewer_record_no_ffmpeg");
  const std::string captures = dir + "/captures";
  const std::string empty_path = tmp_dir("viewer_record_no_ffmpeg_path");
  const std::string stats = dir + "/stats.json";
  const auto r = run_command("PATH=" + shell_quote(empty_path) + " " +
                             viewer_command(dir, "--schedule lockstep --frames 5 --record --captures " + shell_quote(captures) +
                                                     " --stats-json " + shell_quote(stats)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(read_file_text(stats, "stats"));
  INFO(j.dump(1));
  CHECK(j["recording"]["frames"] == 5);
  const auto files = recordings(captures);
  REQUIRE(files.size() == 1);
  REQUIRE(fs::is_directory(files[0]));
  const auto pngs = entries(files[0].string());
  CHECK(pngs.size() == 5);
  for (const auto& p : pngs) CHECK(p.extension() == ".png");
}
