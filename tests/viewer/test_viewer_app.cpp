// The viewer program under a display (Xvfb here): real model, real window, real pixels.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;

namespace {

// Runs the viewer with its settings in `dir`/config, so the user's own are never touched.
CommandResult viewer(const std::string& dir, const std::string& args) {
  return run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " + args);
}

std::string write_preset(const std::string& dir, const std::string& name, const json& j) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << j.dump();
  return path;
}

json read_json(const std::string& path) { return json::parse(read_file_text(path, "stats")); }

// Bilinear sample of `img` at continuous texel coordinates (GL conventions, clamp to edge).
float bilinear(const Image& img, float u, float v, int c) {
  u = std::clamp(u, 0.0f, img.width - 1.0f);
  v = std::clamp(v, 0.0f, img.height - 1.0f);
  const int x0 = static_cast<int>(std::floor(u)), y0 = static_cast<int>(std::floor(v));
  const int x1 = std::min(x0 + 1, img.width - 1), y1 = std::min(y0 + 1, img.height - 1);
  const float fx = u - x0, fy = v - y0;
  auto at = [&](int x, int y) { return static_cast<float>(img.pixel(x, y)[c]); };
  return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
}

bool in_any(const json& rects, float x, float y) {
  for (const auto& r : rects) {
    const float rx = r[0], ry = r[1], rw = r[2], rh = r[3];
    if (x >= rx - 2 && y >= ry - 2 && x < rx + rw + 2 && y < ry + rh + 2) return true;
  }
  return false;
}

bool file_exists_nonempty(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  return f && f.tellg() > 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[static_cast<size_t>(p / 100.0 * (v.size() - 1))];
}

}  // namespace

TEST_CASE("the window shows the engine's frame in the dream area, with the UI drawn around it") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_screenshot");
  const std::string preset = write_preset(dir, "small.json", {{"max_dim", 320}, {"layers", "fire5"}, {"step_size", 0.03}});
  const auto r = viewer(dir, "--model " + shell_quote(model) + " --preset " + shell_quote(preset) +
                                 " --schedule lockstep --frames 12 --width 1100 --height 700"
                                 " --screenshot-window " +
                                 dir + "/window.png --screenshot-dream " + dir +
                                 "/dream.png"
                                 " --stats-json " +
                                 dir + "/stats.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = read_json(dir + "/stats.json");
  INFO(stats.dump().substr(0, 2000));
  const Image window = load_image(dir + "/window.png");
  const Image dream = load_image(dir + "/dream.png");
  REQUIRE(window.width == stats["framebuffer"][0].get<int>());
  REQUIRE(window.height == stats["framebuffer"][1].get<int>());
  CHECK(dream.width == stats["resolution"][0].get<int>());
  CHECK(std::max(dream.width, dream.height) == 320);
  CHECK(stats["schedule"] == "lockstep");
  CHECK(stats["upload"]["path"] == "cpu-pbo");
  // Lockstep: one engine step per rendered frame.
  const int frames = stats["frames"], steps = stats["steps_while_showing"];
  CHECK(frames == 12);
  CHECK(steps >= frames - 2);
  CHECK(steps <= frames);
  CHECK(stats["shown_step"].get<int>() >= 10);
  CHECK(stats["errors"].empty());

  // The dream region: every window pixel is the engine's frame sampled as GL does (bilinear).
  const float rx = stats["dream_rect"][0], ry = stats["dream_rect"][1], rw = stats["dream_rect"][2], rh = stats["dream_rect"][3];
  REQUIRE(rw > dream.width);  // fitted to the area, larger than the dream itself
  long compared = 0, off = 0;
  double abs_sum = 0;
  for (int y = static_cast<int>(ry) + 1; y < static_cast<int>(ry + rh) - 1; ++y)
    for (int x = static_cast<int>(rx) + 1; x < static_cast<int>(rx + rw) - 1; ++x) {
      if (in_any(stats["overlay_rects"], static_cast<float>(x), static_cast<float>(y))) continue;
      const float u = (x + 0.5f - rx) / rw * dream.width - 0.5f, v = (y + 0.5f - ry) / rh * dream.height - 0.5f;
      int worst = 0;
      for (int c = 0; c < 3; ++c) {
        const int d = std::abs(static_cast<int>(window.pixel(x, y)[c]) - static_cast<int>(std::lround(bilinear(dream, u, v, c))));
        worst = std::max(worst, d);
        abs_sum += d;
      }
      ++compared;
      off += worst > 6;
    }
  INFO(compared << " pixels compared, " << off << " off by more than 6, mean abs diff " << abs_sum / (3.0 * compared));
  CHECK(compared > 100000);
  CHECK(off < compared / 200);
  CHECK(abs_sum / (3.0 * compared) < 1.5);

  // The UI: the side panel and the menu bar hold text (bright pixels) on the panel background.
  const float ax = stats["dream_area"][0], ay = stats["dream_area"][1];
  REQUIRE(ax > 200);
  REQUIRE(ay > 10);
  long bright = 0, panel_bg = 0;
  for (int y = static_cast<int>(ay); y < window.height; ++y)
    for (int x = 0; x < static_cast<int>(ax) - 12; ++x) {
      const uint8_t* p = window.pixel(x, y);
      bright += p[0] > 200 && p[1] > 200 && p[2] > 200;
      panel_bg += p[0] < 40 && p[1] < 40 && p[2] < 48;
    }
  long bar_text = 0;
  for (int y = 0; y < static_cast<int>(ay); ++y)
    for (int x = 0; x < window.width; ++x) bar_text += window.pixel(x, y)[0] > 150;
  INFO("side panel: " << bright << " bright pixels, " << panel_bg << " background pixels; menu bar: " << bar_text);
  CHECK(bright > 500);
  CHECK(panel_bg > 10000);
  CHECK(bar_text > 200);
}

TEST_CASE("the output window shows the dream and nothing else: letterboxed, the same pixels as the dream") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_output_window");
  const std::string preset = write_preset(dir, "small.json", {{"max_dim", 320}, {"layers", "fire5"}, {"step_size", 0.03}});
  const auto r = viewer(dir, "--model " + shell_quote(model) + " --preset " + shell_quote(preset) +
                                 " --schedule lockstep --frames 12 --width 1000 --height 700 --output-window --output-fit fit"
                                 " --screenshot-output " +
                                 dir + "/output.png --screenshot-dream " + dir + "/dream.png --stats-json " + dir + "/stats.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = read_json(dir + "/stats.json");
  CHECK(stats["output_window"] == true);
  CHECK(stats["errors"].empty());
  const Image output = load_image(dir + "/output.png");
  const Image dream = load_image(dir + "/dream.png");
  // A window of three quarters of the main one; the dream fitted whole, centred, black bars.
  CHECK(output.width == 750);
  CHECK(output.height == 525);
  const float scale = std::min(750.0f / dream.width, 525.0f / dream.height);
  const float rw = std::round(dream.width * scale), rh = std::round(dream.height * scale);
  const float rx = std::round((750 - rw) / 2), ry = std::round((525 - rh) / 2);
  REQUIRE(rh < 524);  // a 3:2 dream in a 10:7 window: bars above and below
  long compared = 0, off = 0, bars = 0, bar_off = 0;
  for (int y = 0; y < output.height; ++y)
    for (int x = 0; x < output.width; ++x) {
      const uint8_t* p = output.pixel(x, y);
      const bool inside = x >= rx + 1 && x < rx + rw - 1 && y >= ry + 1 && y < ry + rh - 1;
      const bool outside = x < rx - 1 || x > rx + rw || y < ry - 1 || y > ry + rh;
      if (outside) {
        ++bars;
        bar_off += p[0] > 2 || p[1] > 2 || p[2] > 2;  // black: no panel, no cursor, no overlay
      } else if (inside) {
        const float u = (x + 0.5f - rx) / rw * dream.width - 0.5f, v = (y + 0.5f - ry) / rh * dream.height - 0.5f;
        int worst = 0;
        for (int c = 0; c < 3; ++c)
          worst = std::max(worst, std::abs(static_cast<int>(p[c]) - static_cast<int>(std::lround(bilinear(dream, u, v, c)))));
        ++compared;
        off += worst > 6;
      }
    }
  INFO(compared << " dream pixels compared, " << off << " off; " << bars << " bar pixels, " << bar_off << " not black");
  CHECK(compared > 200000);
  CHECK(off < compared / 200);
  CHECK(bars > 10000);
  CHECK(bar_off == 0);
}

TEST_CASE("an output display that does not exist is one line and exit 2, the output's screenshot needs the window, monitors lists Xvfb") {
  need_display();
  const std::string dir = tmp_dir("viewer_output_errors");
  auto r = viewer(dir, "--output-display 9 --frames 2");
  INFO(r.output);
  CHECK(r.exit_code == 2);  // bad input on the command line
  CHECK(r.output.find("--output-display 9: there is 1 monitor") != std::string::npos);
  CHECK(r.output.find("livedream monitors") != std::string::npos);
  r = viewer(dir, "--screenshot-output " + dir + "/o.png --frames 2");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("--screenshot-output needs the output window") != std::string::npos);
  r = run_command(shell_quote(livedream_bin()) + " monitors");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("1  ") == 0);  // Xvfb's one screen, numbered from 1
  CHECK(r.output.find("(primary)") != std::string::npos);
}

TEST_CASE("async under load: the UI keeps the display rate while steps take hundreds of ms") {
  need_display();
  const std::string model = shared_model("googlenet_bvlc.pt");
  const std::string dir = tmp_dir("viewer_async_load");
  const std::string preset = write_preset(dir, "big.json", {{"max_dim", 512}, {"layers", "inception_4c"}});
  const std::string common = "--model " + shell_quote(model) + " --preset " + shell_quote(preset) + " --width 800 --height 500 ";
  // The baseline, on this machine: the same load in lockstep, where every frame waits for a step.
  const auto l = viewer(dir, common + "--schedule lockstep --frames 3 --stats-json " + dir + "/lockstep.json");
  INFO(l.output);
  REQUIRE(l.exit_code == 0);
  const json ls = read_json(dir + "/lockstep.json");
  const double lockstep_p50 = ls["ui_frame_ms"]["p50"].get<double>();
  const double display_period = 1000.0 / ls["display_hz"].get<double>();
  std::printf("lockstep, googlenet 512 px: UI frame p50 %.0f ms\n", lockstep_p50);
  if (lockstep_p50 < 4 * display_period)
    LIVEDREAM_SKIP("a step here takes under four display frames: no load for the async schedule to keep the UI from");

  const auto r = viewer(dir, common + "--schedule async --frames 360 --stats-json " + dir + "/async.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json a = read_json(dir + "/async.json");
  const std::vector<double> step_ms = a["step_ms"]["recent"].get<std::vector<double>>();
  const std::vector<double> frame_ms = a["ui_frame_ms"]["all"].get<std::vector<double>>();
  const double step_p50 = percentile(step_ms, 50);
  const double p50 = a["ui_frame_ms"]["p50"], p99 = a["ui_frame_ms"]["p99"];
  const double period = 1000.0 / a["display_hz"].get<double>();
  std::printf(
      "async, googlenet 512 px on the CPU: %zu steps, step p50 %.0f ms; UI frame p50 %.2f ms, p99 %.2f ms, max %.2f ms "
      "(display period %.2f ms)\n",
      step_ms.size(), step_p50, p50, p99, a["ui_frame_ms"]["max"].get<double>(), period);
  std::fflush(stdout);
  INFO("step p50 " << step_p50 << " ms; UI p50 " << p50 << " ms, p99 " << p99 << " ms");
  REQUIRE(step_ms.size() >= 2);
  CHECK(step_p50 > lockstep_p50 / 2);  // the same load: steps as long as lockstep's frames
  CHECK(frame_ms.size() >= 359);
  // The display rate (with room for a machine whose cores are shared with other work)...
  CHECK(p50 < period * 2);
  // ...and no frame waits for a step, as every lockstep frame did (the measurement can fail).
  CHECK(p99 < lockstep_p50 / 4);
}

TEST_CASE("without a display: one line suggesting `livedream dream`, exit code 1") {
  const std::string dir = tmp_dir("viewer_no_display");
  const auto r = run_command("env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME=" + shell_quote(dir) + " " + shell_quote(livedream_bin()) +
                             " --frames 1");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("livedream: error: ") == 0);
  CHECK(r.output.find("livedream dream") != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
}

TEST_CASE("an image that cannot be read is one line and exit code 1, a bad option value exit code 2") {
  need_display();
  const std::string dir = tmp_dir("viewer_bad_input");
  const auto r = viewer(dir, shell_quote(dir + "/missing.jpg") + " --frames 1");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("livedream: error: ") == 0);
  CHECK(r.output.find("missing.jpg") != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  const auto s = viewer(dir, "--schedule sometimes --frames 1");
  CHECK(s.exit_code == 2);
}

TEST_CASE("the viewer remembers its settings and --reset-settings forgets them") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_settings");
  const std::string preset = write_preset(dir, "p.json", {{"max_dim", 160}, {"layers", "fire4"}, {"step_size", 0.0375}});
  // --remember: a scripted run (--frames) saves the settings as an interactive one does.
  auto r = viewer(dir, "--model " + shell_quote(model) + " --preset " + shell_quote(preset) +
                           " --width 900 --height 600 --frames 2 --remember --stats-json " + dir + "/1.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  // Second run: nothing on the command line but the model folder.
  r = viewer(dir, "--frames 2 --remember --stats-json " + dir + "/2.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json second = read_json(dir + "/2.json");
  CHECK(second["params"]["step_size"].get<double>() == Approx(0.0375));
  CHECK(second["params"]["layers"] == "fire4");
  CHECK(second["model"].get<std::string>().find("squeezenet1_1_caffe.pt") != std::string::npos);
  CHECK(second["window"][0] == 900);
  CHECK(second["window"][1] == 600);
  CHECK(file_exists_nonempty(dir + "/config/livedream/settings.json"));
  // Dream options on the command line win over the remembered ones; the rest stays remembered.
  r = viewer(dir, "clouds:400x300 --step-size 0.05 --frames 2 --remember --stats-json " + dir + "/2b.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json options = read_json(dir + "/2b.json");
  CHECK(options["params"]["step_size"].get<double>() == Approx(0.05));
  CHECK(options["params"]["layers"] == "fire4");
  CHECK(options["resolution"] == json::array({160, 120}));
  // Reset: defaults again (and the model is the default one, so give it explicitly).
  r = viewer(dir, "--reset-settings --model " + shell_quote(model) + " --frames 2 --remember --stats-json " + dir + "/3.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json third = read_json(dir + "/3.json");
  CHECK(third["params"]["step_size"].get<double>() == Approx(0.01));
  CHECK(third["window"][0] == 1280);
}

TEST_CASE("viewer: --quit-after-steps ends a scripted async run on a dreamt picture, where --frames may not") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_quit_after_steps");
  const std::string common = "clouds:320x240 --model " + shell_quote(model) +
                             " --layers fire5 --max-dim 320 --step-size 0.05 --jitter 0 --width 640 --height 400 --schedule async ";
  // One display frame: the picture shown has not been dreamt yet, and the viewer says so.
  const auto f = viewer(dir, common + "--frames 1 --screenshot-dream " + dir + "/frame.png --stats-json " + dir + "/f.json");
  INFO(f.output);
  REQUIRE(f.exit_code == 0);
  CHECK(read_json(dir + "/f.json")["shown_step"].get<int64_t>() == 0);
  CHECK(f.output.find("--quit-after-steps") != std::string::npos);
  // Three steps, whatever the number of frames that takes.
  const auto r = viewer(dir, common + "--quit-after-steps 3 --screenshot-dream " + dir + "/dream.png --stats-json " + dir + "/s.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("--quit-after-steps") == std::string::npos);
  const json s = read_json(dir + "/s.json");
  CHECK(s["shown_step"].get<int64_t>() >= 3);
  const Image source = load_image(dir + "/frame.png"), dream = load_image(dir + "/dream.png");
  REQUIRE(source.rgb.size() == dream.rgb.size());
  double diff = 0;
  for (size_t i = 0; i < source.rgb.size(); ++i) diff += std::abs(int(source.rgb[i]) - int(dream.rgb[i]));
  CHECK(diff / source.rgb.size() > 1.0);  // dreamt: not the source any more
}

TEST_CASE("a scripted run leaves the remembered settings alone, and a remembered value that cannot work is dropped with a note") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_scripted_settings");
  const std::string settings = dir + "/config/livedream/settings.json";
  // The new user's run: a tiny resolution in a scripted run, then a plain start.
  auto r = viewer(dir, "clouds:120x120 --model " + shell_quote(model) + " --layers fire5 --max-dim 64 --quit-after-steps 3");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(settings));
  CHECK_FALSE(std::filesystem::exists(dir + "/config/livedream/imgui.ini"));
  r = viewer(dir, "clouds:320x240 --model " + shell_quote(model) + " --layers fire5 --frames 2 --stats-json " + dir + "/plain.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(read_json(dir + "/plain.json")["errors"].empty());

  // Had it been remembered (--remember), the next start drops it and says so, rather than
  // blaming the picture.
  r = viewer(dir, "clouds:120x120 --model " + shell_quote(model) + " --layers fire5 --max-dim 64 --quit-after-steps 3 --remember");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE(std::filesystem::exists(settings));
  CHECK(read_json(settings)["params"]["max_dim"] == 64);
  r = viewer(dir, "clouds:320x240 --frames 2 --stats-json " + dir + "/dropped.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json dropped = read_json(dir + "/dropped.json");
  CHECK(dropped["errors"].empty());
  CHECK(dropped["params"]["max_dim"] == 500);
  CHECK(dropped["resolution"] == json::array({320, 240}));
  CHECK(r.output.find("livedream: warning: the remembered resolution 64 makes clouds:320x240 64x48, too small for the model: using 500") !=
        std::string::npos);
  // Given on the command line it is the user's: the error names the resolution, not the picture.
  r = viewer(dir, "clouds:320x240 --max-dim 64 --frames 2 --stats-json " + dir + "/given.json");
  INFO(r.output);
  // (in the window's terms, Resolution, where the window shows it)
  CHECK(r.output.find("64 makes the source image 64x48, smaller than the 64 px a side the model needs") != std::string::npos);
  CHECK(r.output.find("the source image is 64x48") == std::string::npos);
}

TEST_CASE("a preset's model, named by file name, is found again at the next start") {
  need_display();
  shared_model("squeezenet1_1_caffe.pt");  // the models folder has it (skips visibly otherwise)
  const std::string dir = tmp_dir("viewer_preset_model");
  const std::string preset = write_preset(dir, "named.json", {{"model", "squeezenet1_1_caffe.pt"}, {"layers", "fire5"}, {"max_dim", 160}});
  auto r = viewer(dir, "clouds:160x120 --preset " + shell_quote(preset) + " --frames 2 --remember --stats-json " + dir + "/1.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  r = viewer(dir, "clouds:160x120 --frames 2 --stats-json " + dir + "/2.json");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("is gone") == std::string::npos);
  CHECK(read_json(dir + "/2.json")["model"].get<std::string>().find("squeezenet1_1_caffe.pt") != std::string::npos);
}
