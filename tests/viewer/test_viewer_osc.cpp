// OSC control of the viewer program under a display (Xvfb here): a scripted lockstep run receives
// OSC messages mid-run (sent with liblo's lo_send from this test) and its dream screenshot carries
// the changed parameters; refused messages are counted in the stats; a port in use is a one-line
// error at start; `livedream osc --list` prints the table.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <lo/lo.h>
#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/file_io.h"
#include "core/image.h"
#include "control/osc_commands.h"
#include "core/png_keys.h"
#include "support/catch.h"
#include "support/loopback_port.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

CommandResult viewer(const std::string& dir, const std::string& args) {
  return run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " + args);
}

}  // namespace

TEST_CASE("osc: a scripted viewer run takes parameter changes over OSC mid-run, like slider moves, and its screenshot replays exactly") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_osc");
  const std::string preset = dir + "/small.json";
  std::ofstream(preset) << json{{"max_dim", 160}, {"layers", "fire5,fire7"}, {"step_size", 0.03}}.dump();
  HeldPort free_port;
  const int port = free_port.port;
  free_port.release();  // the viewer takes it

  std::atomic<bool> done{false};
  CommandResult result;
  std::thread run([&] {
    result = viewer(dir, "clouds:160x120 --model " + shell_quote(model) + " --preset " + shell_quote(preset) +
                             " --device cpu --dtype float32 --dynamic-resolution 0"
                             " --record --record-format png --captures " +
                             shell_quote(dir + "/captures") + " --schedule lockstep --quit-after-steps 60 --width 900 --height 600 --osc " +
                             std::to_string(port) + " --screenshot-dream " + dir + "/dream.png --stats-json " + dir + "/stats.json");
    done = true;
  });
  // While it runs: the changes (resent: UDP before the port opens is lost) and two bad messages;
  // once the recording shows the dream has taken a few steps, another step size: a change mid-run.
  auto frames_recorded = [&] {
    std::error_code ec;
    int n = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(dir + "/captures", ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      n += it->path().extension() == ".png";
    return n;
  };
  lo_address to = lo_address_new("127.0.0.1", std::to_string(port).c_str());
  int rounds = 0;
  bool later = false;
  while (!done) {
    later = later || frames_recorded() >= 8;
    lo_send(to, "/livedream/zoom", "f", 1.01f);
    lo_send(to, "/livedream/layer/1/weight", "f", 1.5f);
    lo_send(to, "/livedream/step_size", "f", later ? 0.025f : 0.02f);
    lo_send(to, "/livedream/zoom", "s", "much");         // wrong type tag
    lo_send(to, "/livedream/no/such/thing", "f", 1.0f);  // unknown address
    ++rounds;
    std::this_thread::sleep_for(50ms);
  }
  lo_address_free(to);
  run.join();
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("OSC on udp 127.0.0.1:" + std::to_string(port)) != std::string::npos);

  const json stats = json::parse(read_file_text(dir + "/stats.json", "stats"));
  INFO(stats["osc"].dump());
  CHECK(stats["osc"]["bound"] == "127.0.0.1:" + std::to_string(port));
  CHECK(stats["osc"]["accepted"].get<int>() >= 3);
  CHECK(stats["osc"]["rejected"].get<int>() >= 2);
  CHECK(stats["osc"]["received"].get<int>() == stats["osc"]["accepted"].get<int>() + stats["osc"]["rejected"].get<int>());
  const std::string last_error = stats["osc"]["last_error"];
  CHECK((last_error.find("/livedream/zoom takes a number") != std::string::npos ||
         last_error.find("unknown OSC address '/livedream/no/such/thing'") != std::string::npos));
  CHECK(stats["errors"].empty());  // refused messages are warnings, never errors of the run

  // The dream's PNG carries the parameters the dream ran with: the OSC values, not the preset's.
  const DreamParams shot = params_from_json_text(read_png_text(dir + "/dream.png").at(png_keys::kParams), "dream.png");
  CHECK(shot.zoom == 1.01f);
  REQUIRE(later);  // the run lasted past its first recorded frames
  CHECK(shot.step_size == 0.025f);
  REQUIRE(shot.layers.size() == 2);
  CHECK(shot.layers[1].weight == 1.5f);
  CHECK(shot.layers[0].weight == 1.0f);
  CHECK(shot.max_dim == 160);  // the rest as the preset said

  // The changes came over OSC at whatever steps the network delivered them; the screenshot's
  // timeline holds those steps, so dreaming it again headless gives the very same pixels.
  const json timeline = json::parse(read_png_text(dir + "/dream.png").at(png_keys::kTimeline));
  INFO(timeline.dump(1));
  CHECK(timeline["steps"] == 60);
  int64_t last_change_step = -1;
  for (const auto& c : timeline["changes"])
    if (c["kind"] == "params") last_change_step = std::max(last_change_step, c["step"].get<int64_t>());
  CHECK(last_change_step > 0);  // the later step size landed mid-run, not before the first step
  CHECK(last_change_step < 60);
  const Image live = load_image(dir + "/dream.png");
  for (const std::string& command :
       {"dream clouds:160x120 --params-from " + shell_quote(dir + "/dream.png") + " --out " + shell_quote(dir + "/again.png"),
        "replay " + shell_quote(dir + "/dream.png") + " --out " + shell_quote(dir + "/again.png")}) {
    const auto again = viewer(dir, command);
    INFO(command << "\n" << again.output);
    REQUIRE(again.exit_code == 0);
    const Image replayed = load_image(dir + "/again.png");
    REQUIRE(replayed.width == live.width);
    REQUIRE(replayed.height == live.height);
    int worst = 0;
    for (size_t i = 0; i < live.rgb.size(); ++i) worst = std::max(worst, std::abs(int(live.rgb[i]) - int(replayed.rgb[i])));
    CHECK(worst == 0);
  }
}

TEST_CASE("osc: a port already in use is a one-line error at start") {
  const std::string dir = tmp_dir("viewer_osc_in_use");
  HeldPort held;  // stays bound: the viewer cannot have it
  const auto r = viewer(dir, "--osc " + std::to_string(held.port) + " --frames 1");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(without_model_notice(r.output) ==
        "livedream: error: OSC port " + std::to_string(held.port) +
            " on 127.0.0.1 is already in use (close the program using it or choose another --osc PORT)\n");
  const auto bad = viewer(dir, "--osc 9000 --osc-bind example.com --frames 1");
  INFO(bad.output);
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("'example.com' is not a numeric IP address") != std::string::npos);
}

TEST_CASE("osc: livedream osc --list prints the parser's own table") {
  const auto r = run_command(shell_quote(livedream_bin()) + " osc --list");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output == osc::format_address_table(false));
  const auto md = run_command(shell_quote(livedream_bin()) + " osc --list --markdown");
  CHECK(md.output == osc::format_address_table(true));
  const auto bare = run_command(shell_quote(livedream_bin()) + " osc");
  CHECK(bare.exit_code == 2);
}

TEST_CASE("osc: the video file's playback is played over OSC: pause, rate, loop and seek reach the player") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_osc_video");
  const std::string clip = dir + "/clip.mp4";
  REQUIRE(run_command("ffmpeg -v error -y -f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 100 -pix_fmt yuv420p " + shell_quote(clip))
              .exit_code == 0);
  HeldPort free_port;
  const int port = free_port.port;
  free_port.release();
  std::atomic<bool> done{false};
  CommandResult result;
  std::thread run([&] {
    result = viewer(dir, shell_quote(clip) + " --model " + shell_quote(model) +
                             " --layers fire5 --max-dim 96 --frames 240 --width 640 --height 400 --osc " + std::to_string(port) +
                             " --stats-json " + dir + "/stats.json");
    done = true;
  });
  lo_address to = lo_address_new("127.0.0.1", std::to_string(port).c_str());
  // Resent: UDP before the port opens is lost. The seek less often: each restarts the decoder,
  // and the frame it brings is not shown while another seek is already waiting.
  for (int round = 0; !done; ++round) {
    lo_send(to, "/livedream/video/rate", "f", 2.0f);
    lo_send(to, "/livedream/video/loop", "i", 0);
    if (round % 10 == 0) lo_send(to, "/livedream/video/seek", "f", 1.5f);
    lo_send(to, "/livedream/video/pause", "");
    std::this_thread::sleep_for(50ms);
  }
  lo_address_free(to);
  run.join();
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const json stats = json::parse(read_file_text(dir + "/stats.json", "stats"));
  INFO(stats["video"].dump() << stats["osc"].dump());
  CHECK(stats["osc"]["rejected"] == 0);
  CHECK(stats["osc"]["accepted"].get<int>() >= 4);
  CHECK(stats["video"]["open"].get<bool>());
  CHECK(stats["video"]["rate"].get<double>() == Approx(2.0));
  CHECK_FALSE(stats["video"]["loop"].get<bool>());
  CHECK_FALSE(stats["video"]["playing"].get<bool>());  // paused where the seek put it
  CHECK(stats["video"]["position_s"].get<double>() == Approx(1.5).margin(0.1));
}
