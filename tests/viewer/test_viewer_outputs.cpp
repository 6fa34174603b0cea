// The live outputs from the programs (issue 26): the viewer streaming while it records, a render
// sent out as it is made, and bad output input on the command line (one line, exit 2).
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "capture/stream_reader.h"
#include "capture/tone_clip.h"
#include "capture/video_probe.h"
#include "core/file_io.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

CommandResult viewer(const std::string& dir, const std::string& args) {
  return run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " + args);
}

bool has_display() { return std::getenv("DISPLAY") != nullptr; }

// The longest stretch of a file's sound where a 440 Hz tone is heard, in seconds: 0.1 s windows
// that are loud and cross zero at that pitch, one after another.
double seconds_of_tone(const std::string& path) {
  const auto sound = decoded_sound(path);
  const int16_t* s = sound.data();
  const size_t n = sound.size(), window = 4800;
  int run = 0, best = 0;
  for (size_t start = 0; start + window <= n; start += window) {
    const bool tone = rms(s + start, window) > 500 && std::abs(tone_hz(s + start, window, 48000) - 440) < 30;
    run = tone ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best * 0.1;
}

}  // namespace

TEST_CASE("the viewer streams the dream over UDP while it records: frames arrive, the recording is whole") {
  need_display();
  require_ffmpeg_tools();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_stream_out");
  const std::string url = "udp://127.0.0.1:" + std::to_string(test_udp_port(1));
  StreamReader reader(url, 160, 120);
  const auto r = viewer(dir, "clouds:160x120 --model " + shell_quote(model) + " --layers fire5 --device cpu --width 900 --height 600 " +
                                 "--stream-out " + url + " --record --captures " + shell_quote(dir + "/captures") +
                                 " --frames 150 --stats-json " + shell_quote(dir + "/stats.json"));
  const auto got = reader.stop();
  INFO(r.output);
  INFO("reader: " << got.log);
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(read_file_text(dir + "/stats.json", "stats"));
  REQUIRE(stats.contains("stream"));
  const json& stream = stats["stream"];
  INFO(stream.dump());
  CHECK(stream["connected"] == true);
  CHECK(stream["error"] == "");
  CHECK(stream["frames_new"].get<int>() > 10);  // dream frames, not one frame repeated
  CHECK(stream["frames_sent"].get<int>() >= stream["frames_new"].get<int>());
  // The receiver decoded the stream at the dream's size (localhost UDP may lose a little, not most).
  CHECK(got.arrivals.size() >= stream["frames_sent"].get<size_t>() / 2);
  CHECK(got.first_frame_mean > 20);
  CHECK(got.log.find("160x120") != std::string::npos);
  // The recording beside it is complete: outputs and recording side by side.
  int mp4s = 0;
  for (const auto& e : fs::directory_iterator(dir + "/captures"))
    if (e.path().extension() == ".mp4") {
      ++mp4s;
      const VideoProbe probe = probe_video(e.path().string());
      INFO(probe.output);
      CHECK(probe.ok);
      CHECK(probe.frames > 10);
    }
  CHECK(mp4s == 1);
}

TEST_CASE("a render is streamed as it is made, beside its file") {
  require_ffmpeg_tools();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("render_stream_out");
  const std::string url = "udp://127.0.0.1:" + std::to_string(test_udp_port(2));
  StreamReader reader(url, 160, 120);
  // About a second and a half of rendering: the stream sends what is made, at 25 a second.
  const auto r = run_command(shell_quote(livedream_bin()) + " render clouds:160x120 --model " + shell_quote(model) +
                             " --layers fire5 --device cpu --frames 30 --steps-per-frame 2 --fps 25 --out " + shell_quote(dir + "/r.mp4") +
                             " --stream-out " + url + " 2>&1");
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the last packets decoded
  const auto got = reader.stop();
  INFO(r.output);
  INFO("reader: " << got.log);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("sending the render to " + url) != std::string::npos);
  CHECK(r.output.find("frames to " + url) != std::string::npos);
  CHECK(got.arrivals.size() >= 5);
  CHECK(got.log.find("160x120") != std::string::npos);
  const VideoProbe probe = probe_video(dir + "/r.mp4");
  CHECK(probe.frames == 30);  // the file has every frame, whatever the stream did
}

TEST_CASE("a stream carries the sound of the video being dreamt, from the viewer and from a render") {
  require_ffmpeg_tools();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("stream_sound");
  const std::string clip = tone_clip(dir, 4.0, /*with_picture=*/true);
  const auto render = run_command(shell_quote(livedream_bin()) + " render " + shell_quote(clip) + " --model " + shell_quote(model) +
                                  " --layers fire5 --device cpu --max-dim 96 --out " + shell_quote(dir + "/r.mp4") + " --stream-out " +
                                  shell_quote(dir + "/render.ts") + " 2>&1");
  INFO(render.output);
  REQUIRE(render.exit_code == 0);
  CHECK(render.output.find("AAC") != std::string::npos);  // "sent N frames to .../render.ts (H.264, AAC, MPEG-TS)"
  CHECK(seconds_of_tone(dir + "/render.ts") >= 0.5);
  if (!has_display()) {
    WARN("SKIPPED the viewer's half: no display (run under xvfb-run)");
    return;
  }
  const auto r =
      viewer(dir, shell_quote(clip) + " --model " + shell_quote(model) + " --layers fire5 --device cpu --width 900 --height 600 " +
                      "--stream-out " + shell_quote(dir + "/viewer.ts") + " --frames 150");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(seconds_of_tone(dir + "/viewer.ts") >= 0.5);
}

TEST_CASE("an output that cannot be used is one line and exit 2, in the viewer and in render") {
  const std::string dir = tmp_dir("outputs_bad_input");
  struct Case {
    std::string args, says;
  };
  const std::vector<Case> cases = {
      {"--virtual-camera /dev/null", "/dev/null is not a v4l2 video device"},
      {"--virtual-camera " + dir + "/none", "no such device"},
      {"--stream-out http://example.com/live", "not a stream livedream can send"},
      {"--stream-out udp://127.0.0.1:5000 --stream-bitrate fast", "--stream-bitrate fast: not a bit rate"},
  };
  for (const auto& c : cases) {
    const auto render = run_command(shell_quote(livedream_bin()) + " render clouds:64x48 --frames 2 --out " + shell_quote(dir + "/r.mp4") +
                                    " " + c.args + " 2>&1");
    INFO("render " << c.args << ": " << render.output);
    CHECK(render.exit_code == 2);
    CHECK(render.output.find(c.says) != std::string::npos);
    if (c.says.find("v4l2") != std::string::npos || c.says.find("device") != std::string::npos)
      CHECK(render.output.find("modprobe v4l2loopback") != std::string::npos);
    if (!has_display()) continue;
    const auto view = viewer(dir, "clouds:64x48 --frames 2 " + c.args + " 2>&1");
    INFO("viewer " << c.args << ": " << view.output);
    CHECK(view.exit_code == 2);
    CHECK(view.output.find(c.says) != std::string::npos);
  }
}
