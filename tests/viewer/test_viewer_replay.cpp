// Exact replay of live sessions (Xvfb, real models): a scripted lockstep viewer run whose
// parameters change mid-run (--change-at, as a person at the sliders or an OSC controller would),
// then `dream --params-from` and `replay` on its screenshot dream the very same pixels (0 levels
// apart), for the built-in clouds and for a file; a recording re-rendered from its timeline gives
// the same frames, and twice the size at --scale 2.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/image.h"
#include "core/png_keys.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

CommandResult run_livedream(const std::string& dir, const std::string& args) {
  return run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " + args);
}

// The largest difference between two pictures in levels (256: different sizes).
int max_level_difference(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height) return 256;
  int worst = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) worst = std::max(worst, std::abs(int(a.rgb[i]) - int(b.rgb[i])));
  return worst;
}

double mean_level_difference(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height) return 256;
  double sum = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
  return sum / a.rgb.size();
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct Model {
  std::string file, first_layer, second_layer;
};
const Model kGoogLeNet{"googlenet_bvlc.pt", "inception_4c", "inception_3b"};
const Model kSqueezeNet{"squeezenet1_1_caffe.pt", "fire5", "fire3"};

// Small and few steps: the viewer changes the step size and zoom at step 3 and the layer and
// jitter at step 5, and quits at step 8 with a screenshot of the dream.
std::string live_run(const Model& model, const std::string& input, const std::string& shot) {
  return shell_quote(input) + " --model " + shell_quote(shared_model(model.file)) + " --layers " + model.first_layer +
         " --max-dim 128 --step-size 0.02 --jitter 4 --seed 7 --device cpu --dtype float32"
         " --schedule lockstep --dynamic-resolution 0 --width 640 --height 400 --quit-after-steps 8"
         " --change-at '3:{\"step_size\":0.04,\"zoom\":1.02}' --change-at '5:{\"layers\":\"" +
         model.second_layer + "\",\"jitter\":6}' --screenshot-dream " + shell_quote(shot);
}

// `control`: also replay the timeline without its last change, which must give another picture.
void check_replays_exactly(const std::string& dir, const std::string& input, const std::string& shot, bool control) {
  const json timeline = json::parse(read_png_text(shot).at(png_keys::kTimeline));
  INFO(timeline.dump(1));
  CHECK(timeline["steps"] == 8);
  CHECK(timeline["inexact"].empty());
  std::vector<int64_t> param_steps;
  for (const auto& c : timeline["changes"])
    if (c["kind"] == "params") param_steps.push_back(c["step"].get<int64_t>());
  CHECK(param_steps == std::vector<int64_t>{3, 5});  // where the scripted changes took effect

  const Image live = load_image(shot);
  const auto dreamt = run_livedream(
      dir, "dream " + shell_quote(input) + " --params-from " + shell_quote(shot) + " --out " + shell_quote(dir + "/dream.png"));
  INFO(dreamt.output);
  REQUIRE(dreamt.exit_code == 0);
  CHECK(max_level_difference(live, load_image(dir + "/dream.png")) == 0);

  const auto replayed = run_livedream(dir, "replay " + shell_quote(shot) + " --out " + shell_quote(dir + "/replay.png"));
  INFO(replayed.output);
  REQUIRE(replayed.exit_code == 0);
  CHECK(max_level_difference(live, load_image(dir + "/replay.png")) == 0);

  if (!control) return;
  // The comparison can fail: the same timeline without its second change is another picture.
  json cut = timeline;
  cut["changes"].erase(cut["changes"].size() - 1);
  while (!cut["changes"].empty() && cut["changes"].back()["kind"] != "params") cut["changes"].erase(cut["changes"].size() - 1);
  std::ofstream(dir + "/cut.json") << cut.dump();
  const auto other = run_livedream(dir, "replay " + shell_quote(dir + "/cut.json") + " --out " + shell_quote(dir + "/cut.png"));
  INFO(other.output);
  REQUIRE(other.exit_code == 0);
  CHECK(mean_level_difference(live, load_image(dir + "/cut.png")) > 1.0);
}

}  // namespace

TEST_CASE("replay: a viewer screenshot of the clouds, its parameters changed mid-run, is dreamt again bit for bit") {
  need_display();
  const std::string dir = tmp_dir("replay_clouds");
  const std::string shot = dir + "/shot.png";
  const auto live = run_livedream(dir, live_run(kGoogLeNet, "clouds:128x96", shot));
  INFO(live.output);
  REQUIRE(live.exit_code == 0);
  check_replays_exactly(dir, "clouds:128x96", shot, false);
}

TEST_CASE("replay: a viewer screenshot of a file is dreamt again bit for bit, and a changed file is refused in one line") {
  need_display();
  const std::string dir = tmp_dir("replay_file");
  const std::string photo = dir + "/sky.jpg";
  fs::copy_file(shared_image("sky.jpg"), photo);
  const std::string shot = dir + "/shot.png";
  const auto live = run_livedream(dir, live_run(kSqueezeNet, photo, shot));
  INFO(live.output);
  REQUIRE(live.exit_code == 0);
  check_replays_exactly(dir, photo, shot, true);

  // Another picture under the same name: the replay says so instead of dreaming something else.
  fs::copy_file(shot, photo, fs::copy_options::overwrite_existing);
  const auto refused = run_livedream(dir, "replay " + shell_quote(shot) + " --out " + shell_quote(dir + "/no.png"));
  INFO(refused.output);
  CHECK(refused.exit_code != 0);
  CHECK(without_model_notice(refused.output).find("is not the one the timeline dreamt on") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/no.png"));
}

TEST_CASE("replay: a lockstep recording re-rendered from its timeline gives the same frames, and twice the size at --scale 2") {
  need_display();
  const std::string dir = tmp_dir("replay_recording");
  const std::string captures = dir + "/captures";
  const auto live = run_livedream(dir, "clouds:160x120 --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
                                           " --layers fire5 --step-size 0.03 --jitter 3 --device cpu --schedule lockstep"
                                           " --dynamic-resolution 0 --width 640 --height 400 --frames 10 --record --record-format png"
                                           " --change-at '4:{\"step_size\":0.06,\"zoom\":1.03}' --captures " +
                                           shell_quote(captures));
  INFO(live.output);
  REQUIRE(live.exit_code == 0);
  const auto sidecars = files_in(captures, ".json");
  REQUIRE(sidecars.size() == 1);
  const std::string sidecar = sidecars[0].string();
  CHECK(sidecar.size() > std::string(".timeline.json").size());
  const json take = json::parse(read_file_text(sidecar, "timeline"));
  INFO(take.dump(1));
  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator(captures))
    if (e.is_directory()) folders.push_back(e.path());
  REQUIRE(folders.size() == 1);
  const auto recorded = files_in(folders[0], ".png");
  REQUIRE(recorded.size() == 10);
  CHECK(take["recording"]["frames"] == 10);

  const auto again = run_livedream(dir, "render --replay " + shell_quote(sidecar) + " --out " + shell_quote(dir + "/again/%06d.png"));
  INFO(again.output);
  REQUIRE(again.exit_code == 0);
  const auto rendered = files_in(dir + "/again", ".png");
  REQUIRE(rendered.size() == recorded.size());
  for (size_t i = 0; i < rendered.size(); ++i) {
    INFO("frame " << i);
    CHECK(max_level_difference(load_image(recorded[i].string()), load_image(rendered[i].string())) == 0);
  }

  const auto big = run_livedream(dir, "render --replay " + shell_quote(sidecar) + " --scale 2 --out " + shell_quote(dir + "/big/%06d.png"));
  INFO(big.output);
  REQUIRE(big.exit_code == 0);
  const auto large = files_in(dir + "/big", ".png");
  REQUIRE(large.size() == recorded.size());
  const Image small_last = load_image(recorded.back().string()), large_last = load_image(large.back().string());
  CHECK(large_last.width == 2 * small_last.width);
  CHECK(large_last.height == 2 * small_last.height);

  // An MP4 render carries the timeline in its comment tag.
  if (run_command("command -v ffmpeg && command -v ffprobe").exit_code == 0) {
    const std::string mp4 = dir + "/take.mp4";
    const auto video = run_livedream(dir, "render --replay " + shell_quote(sidecar) + " --out " + shell_quote(mp4));
    INFO(video.output);
    REQUIRE(video.exit_code == 0);
    const auto probe = run_command("ffprobe -v error -show_entries format_tags=comment -of default=nw=1:nk=1 " + shell_quote(mp4));
    REQUIRE(probe.exit_code == 0);
    const json comment = json::parse(probe.output);
    CHECK(comment["livedream_timeline"] == 1);
    CHECK(comment["steps"] == take["steps"]);
  }

  // Options that would fight the timeline are refused in one line.
  const auto refused = run_livedream(dir, "render --replay " + shell_quote(sidecar) + " --frames 5 --out " + shell_quote(dir + "/x.mp4"));
  CHECK(refused.exit_code != 0);
  CHECK(refused.output.find("--frames does not apply to --replay") != std::string::npos);
}

TEST_CASE(
    "replay: after a reset mid-run the screenshot's timeline starts at the reset, with the params then in force, and replays exactly") {
  need_display();
  const std::string dir = tmp_dir("replay_reset");
  const std::string shot = dir + "/shot.png";
  const auto live = run_livedream(dir, "clouds:128x96 --model " + shell_quote(shared_model("squeezenet1_1_caffe.pt")) +
                                           " --layers fire5 --step-size 0.03 --jitter 2 --device cpu --schedule lockstep"
                                           " --dynamic-resolution 0 --width 640 --height 400 --quit-after-steps 9"
                                           " --change-at '2:{\"step_size\":0.05}' --change-at 4:reset --change-at '6:{\"zoom\":1.02}'"
                                           " --screenshot-dream " +
                                           shell_quote(shot));
  INFO(live.output);
  REQUIRE(live.exit_code == 0);
  const json timeline = json::parse(read_png_text(shot).at(png_keys::kTimeline));
  INFO(timeline.dump(1));
  CHECK(timeline["started_by"] == "reset");
  CHECK(timeline["steps"] == 5);                                         // steps 5 to 9 of the session
  CHECK(timeline["params"]["step_size"].get<double>() == Approx(0.05));  // carried over from before the reset
  std::vector<int64_t> param_steps;
  for (const auto& c : timeline["changes"])
    if (c["kind"] == "params") param_steps.push_back(c["step"].get<int64_t>());
  CHECK(param_steps == std::vector<int64_t>{2});
  const auto replayed = run_livedream(dir, "replay " + shell_quote(shot) + " --out " + shell_quote(dir + "/replay.png"));
  INFO(replayed.output);
  REQUIRE(replayed.exit_code == 0);
  CHECK(max_level_difference(load_image(shot), load_image(dir + "/replay.png")) == 0);
}
