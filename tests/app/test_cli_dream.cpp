// `livedream dream` end to end, run as a user runs it: on the sky photo, on the built-in clouds,
// from a URL served by a loopback HTTP server this test starts, and the errors a user meets.
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/image.h"
#include "core/image_resize.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
namespace fs = std::filesystem;

namespace {

std::string dream_cmd(const std::string& args) {
  return shell_quote(livedream_bin()) + " dream " + args + " --model " + shell_quote(shared_model("googlenet_bvlc.pt"));
}

// Quick settings: a small picture and a shallow layer keep each run to a few seconds.
const std::string kQuick = " --max-dim 128 --layers inception_3b --steps 2 --octaves 2 --jitter 8 --seed 3";

nlohmann::json params_in(const std::string& png) { return nlohmann::json::parse(read_png_text(png).at("livedream")); }

void expect_one_line_error(const CommandResult& r, int exit_code, const std::string& needle) {
  INFO(r.output);
  CHECK(r.exit_code == exit_code);
  const std::string error = without_model_notice(r.output);
  CHECK(error.rfind("livedream: error: ", 0) == 0);
  CHECK(std::count(error.begin(), error.end(), '\n') == 1);
  CHECK(error.find(needle) != std::string::npos);
}

// python3 -m http.server on 127.0.0.1 and a port the kernel picks, stopped when the test ends.
class LoopbackServer {
 public:
  explicit LoopbackServer(const std::string& dir) : log_(tmp_dir("http_server") + "/log") {
    const auto r = run_command("python3 -u -m http.server --bind 127.0.0.1 --directory " + shell_quote(dir) + " 0 > " + shell_quote(log_) +
                               " 2>&1 & echo $!");
    pid_ = std::atoi(r.output.c_str());
    REQUIRE(pid_ > 0);
    // It prints "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ...".
    for (int i = 0; i < 100 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::ifstream in(log_);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const auto at = text.find(" port ");
      if (at != std::string::npos) port_ = std::atoi(text.c_str() + at + 6);
    }
    if (port_ == 0) {
      ::kill(pid_, SIGTERM);
      LIVEDREAM_SKIP("could not start python3 -m http.server on 127.0.0.1");
    }
  }
  ~LoopbackServer() { ::kill(pid_, SIGTERM); }
  std::string url(const std::string& file) const { return "http://127.0.0.1:" + std::to_string(port_) + "/" + file; }

 private:
  std::string log_;
  int pid_ = 0;
  int port_ = 0;
};

}  // namespace

TEST_CASE("dream on the sky photo writes one PNG carrying every parameter, and says so without a terminal") {
  const std::string dir = tmp_dir("cli_dream_sky");
  const std::string out = dir + "/sky.png";
  const auto r = run_command(dream_cmd(shell_quote(shared_image("sky.jpg")) + kQuick + " --out " + shell_quote(out)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  // Not a terminal: no progress bar, but the info lines scripts need, on stderr: the model that ran,
  // the size it dreamt at (the input was scaled down) and the file written.
  CHECK(r.output.rfind("livedream: model ", 0) == 0);
  CHECK(r.output.find('\r') == std::string::npos);
  CHECK(without_model_notice(r.output) ==
        "livedream: dreaming at 128x96 (input 550x413, --max-dim 128; 0 keeps the size)\nlivedream: wrote " + out + "\n");
  const Image dreamt = load_image(out);
  CHECK(dreamt.width == 128);
  CHECK(dreamt.height == 96);
  const auto text = read_png_text(out);
  const auto params = params_in(out);
  CHECK(params.at("layers") == "inception_3b");
  CHECK(params.at("steps") == 2);
  CHECK(params.at("octaves") == 2);
  CHECK(params.at("seed") == 3);
  CHECK(text.at("livedream-model-sha256") == "f1601a1c5d548d8cc497b446b46b547c024e992c277f78af602318976a3c5bd4");
  CHECK(text.count("livedream-version") == 1);
  // Nothing else was written next to it.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  // It dreamt: the picture differs from the input scaled the same way (the engine scales with fit_longest_side too).
  const Image input = fit_longest_side(load_image(shared_image("sky.jpg")), 128);
  REQUIRE(input.rgb.size() == dreamt.rgb.size());
  double total = 0;
  for (size_t i = 0; i < input.rgb.size(); ++i) total += std::abs(int(input.rgb[i]) - int(dreamt.rgb[i]));
  CHECK(total / static_cast<double>(input.rgb.size()) > 0.5);  // levels on average; 0 had it not dreamt
}

TEST_CASE("params-from reproduces a dream bit for bit, and options given override it") {
  const std::string dir = tmp_dir("cli_dream_params_from");
  const std::string sky = shell_quote(shared_image("sky.jpg"));
  REQUIRE(run_command(dream_cmd(sky + kQuick + " --out " + shell_quote(dir + "/first.png"))).exit_code == 0);
  auto r = run_command(dream_cmd(sky + " --params-from " + shell_quote(dir + "/first.png") + " --out " + shell_quote(dir + "/again.png")));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(load_image(dir + "/again.png").rgb == load_image(dir + "/first.png").rgb);
  CHECK(params_in(dir + "/again.png") == params_in(dir + "/first.png"));
  // Another seed: the same parameters otherwise, a different dream.
  r = run_command(
      dream_cmd(sky + " --params-from " + shell_quote(dir + "/first.png") + " --seed 4 --out " + shell_quote(dir + "/other.png")));
  REQUIRE(r.exit_code == 0);
  CHECK(params_in(dir + "/other.png").at("seed") == 4);
  CHECK(params_in(dir + "/other.png").at("layers") == "inception_3b");
  CHECK(load_image(dir + "/other.png").rgb != load_image(dir + "/first.png").rgb);
}

TEST_CASE("a preset by name sets the parameters, and options given override it") {
  const std::string dir = tmp_dir("cli_dream_preset");
  const std::string out = dir + "/classic.png";
  const auto r = run_command(dream_cmd("clouds:160x120 --preset classic --steps 1 --octaves 1 --max-dim 0 --out " + shell_quote(out)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto params = params_in(out);
  CHECK(params.at("loss") == "mean-square");  // from the preset
  CHECK(params.at("jitter") == 32);           // from the preset
  CHECK(params.at("layers") == "inception_4c");
  CHECK(params.at("steps") == 1);    // given
  CHECK(params.at("octaves") == 1);  // given
  const Image dreamt = load_image(out);
  CHECK(dreamt.width == 160);  // the built-in clouds at the size asked
  CHECK(dreamt.height == 120);
}

TEST_CASE("every built-in preset loads and names layers the models have") {
  for (const auto& entry : fs::directory_iterator(source_dir() + "/assets/presets")) {
    const std::string name = entry.path().stem().string();
    INFO(name);
    const auto json = nlohmann::json::parse(std::ifstream(entry.path()));
    CHECK(json.contains("description"));
    CHECK(json.contains("layers"));
    if (json.value("model", std::string()) != "googlenet_bvlc.pt") continue;  // needs a model built locally
    const std::string out = tmp_dir("cli_dream_preset_" + name) + "/out.png";
    const auto r = run_command(dream_cmd("clouds:96x96 --preset " + name + " --steps 1 --octaves 1 --max-dim 0 --out " + shell_quote(out)));
    INFO(r.output);
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("a preset's bare model file name is looked up in the models folders") {
  const std::string dir = tmp_dir("cli_dream_model_lookup");
  fs::create_directories(dir + "/models");
  fs::create_symlink(shared_model("googlenet_bvlc.pt"), dir + "/models/googlenet_bvlc.pt");
  const std::string bin =
      "env -u LIVEDREAM_MODEL LIVEDREAM_MODELS_DIR=" + shell_quote(dir + "/models") + " " + shell_quote(livedream_bin());
  // classic names "googlenet_bvlc.pt": found in $LIVEDREAM_MODELS_DIR.
  auto r =
      run_command(bin + " dream clouds:96x96 --preset classic --steps 1 --octaves 1 --max-dim 0 --out " + shell_quote(dir + "/ok.png"));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  // A model no folder has: one line naming the folders searched and how to build it.
  { std::ofstream(dir + "/missing.json") << R"({"description": "test", "model": "no_such_net.pt", "layers": "conv2"})"; }
  r = run_command(bin + " dream clouds:96x96 --preset " + shell_quote(dir + "/missing.json") + " --out " + shell_quote(dir + "/no.png"));
  expect_one_line_error(r, 1, "model no_such_net.pt not found in the models folders (" + dir + "/models");
  CHECK(r.output.find("export_model.py") != std::string::npos);
}

TEST_CASE("the tutorial preset dreams on InceptionV3 with mixed3 and mixed5") {
  const std::string model = test_models_dir() + "/inception_v3_random.pt";
  if (!fs::exists(model)) LIVEDREAM_SKIP("needs " + model + " (random-weight InceptionV3, exported by the python_export_model test)");
  const std::string out = tmp_dir("cli_dream_tutorial") + "/tutorial.png";
  const auto r = run_command(shell_quote(livedream_bin()) + " dream clouds:160x120 --preset tutorial --model " + shell_quote(model) +
                             " --steps 1 --octaves 2 --out " + shell_quote(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto params = params_in(out);
  CHECK(params.at("layers") == "mixed3,mixed5");
  CHECK(params.at("loss") == "mean");
  CHECK(params.at("step_size") == Approx(0.01));
  CHECK(params.at("octave_scale") == Approx(1.3));
  CHECK(load_image(out).width == 160);
}

TEST_CASE("a guided dream from the command line records its guide and differs from an unguided one") {
  const std::string dir = tmp_dir("cli_dream_guide");
  const std::string guide = shared_image("sky.jpg");
  const std::string quick = " --max-dim 0 --layers inception_3b --steps 3 --octaves 1";
  auto r =
      run_command(dream_cmd("clouds:128x96" + quick + " --guide " + shell_quote(guide) + " --out " + shell_quote(dir + "/guided.png")));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(params_in(dir + "/guided.png").at("guide") == guide);
  REQUIRE(run_command(dream_cmd("clouds:128x96" + quick + " --out " + shell_quote(dir + "/plain.png"))).exit_code == 0);
  CHECK(load_image(dir + "/guided.png").rgb != load_image(dir + "/plain.png").rgb);
  // A guide that cannot be read is the guide's error.
  r = run_command(
      dream_cmd("clouds:128x96" + quick + " --guide " + shell_quote(dir + "/no-guide.jpg") + " --out " + shell_quote(dir + "/x.png")));
  expect_one_line_error(r, 1, dir + "/no-guide.jpg");
}

TEST_CASE("inputs in grey, grey+alpha, RGBA, palette and 16-bit modes are converted to RGB") {
  const std::string python = LIVEDREAM_TEST_PYTHON;
  if (!fs::exists(python)) LIVEDREAM_SKIP("needs the project venv's Python (Pillow writes the test images): " + python);
  const std::string dir = tmp_dir("cli_dream_modes");
  // Left half: a grey level (or colour); right half: transparent where there is alpha.
  const std::string script = R"(
import sys
from PIL import Image
d = sys.argv[1]
Image.new("L", (96, 80), 90).save(d + "/grey.png")
Image.new("I;16", (96, 80), 90 * 257).save(d + "/grey16.png")
la = Image.new("LA", (96, 80), (90, 255)); la.paste((90, 0), (48, 0, 96, 80)); la.save(d + "/grey_alpha.png")
rgba = Image.new("RGBA", (96, 80), (200, 100, 50, 255)); rgba.paste((200, 100, 50, 0), (48, 0, 96, 80)); rgba.save(d + "/rgba.png")
Image.new("RGB", (96, 80), (200, 100, 50)).convert("P", palette=Image.ADAPTIVE).save(d + "/palette.png")
Image.new("RGB", (96, 80), (200, 100, 50)).save(d + "/rgb.bmp")
Image.new("L", (96, 80), 90).save(d + "/grey.jpg", quality=100)
)";
  { std::ofstream(dir + "/make.py") << script; }
  REQUIRE(run_command(shell_quote(python) + " " + shell_quote(dir + "/make.py") + " " + shell_quote(dir)).exit_code == 0);
  struct Expect {
    std::string file;
    int left[3], right[3];  // RGB of a pixel in each half; alpha composites over black
    int tolerance;
  };
  const std::vector<Expect> cases{
      {"grey.png", {90, 90, 90}, {90, 90, 90}, 0},        {"grey16.png", {90, 90, 90}, {90, 90, 90}, 0},
      {"grey_alpha.png", {90, 90, 90}, {0, 0, 0}, 0},     {"rgba.png", {200, 100, 50}, {0, 0, 0}, 0},
      {"palette.png", {200, 100, 50}, {200, 100, 50}, 0}, {"rgb.bmp", {200, 100, 50}, {200, 100, 50}, 0},
      {"grey.jpg", {90, 90, 90}, {90, 90, 90}, 2},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const std::string out = dir + "/" + c.file + ".out.png";
    // No steps: the output is the input as the engine received it.
    const auto r =
        run_command(dream_cmd(shell_quote(dir + "/" + c.file) + " --steps 0 --layers conv2 --max-dim 0 --out " + shell_quote(out)));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const Image image = load_image(out);
    REQUIRE(image.width == 96);
    for (int ch = 0; ch < 3; ++ch) {
      CHECK(std::abs(image.pixel(10, 40)[ch] - c.left[ch]) <= c.tolerance);
      CHECK(std::abs(image.pixel(80, 40)[ch] - c.right[ch]) <= c.tolerance);
    }
  }
}

TEST_CASE("an image too large to keep at full size is scaled down with a note") {
  const std::string python = LIVEDREAM_TEST_PYTHON;
  if (!fs::exists(python)) LIVEDREAM_SKIP("needs the project venv's Python (Pillow writes the test image): " + python);
  const std::string dir = tmp_dir("cli_dream_huge");
  const auto made =
      run_command(shell_quote(python) + " -c " +
                  shell_quote("from PIL import Image; Image.new('RGB', (9000, 70), (10, 20, 30)).save('" + dir + "/wide.png')"));
  REQUIRE(made.exit_code == 0);
  const std::string out = dir + "/out.png";
  const auto r = run_command(dream_cmd(shell_quote(dir + "/wide.png") + " --max-dim 0 --steps 0 --layers conv2 --out " + shell_quote(out)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("livedream: note: " + dir + "/wide.png is 9000x70; dreaming on it at 8192x64") == 0);
  CHECK(load_image(out).width == 8192);
}

TEST_CASE("the help lists the options with the engine's defaults") {
  const auto r = run_command(shell_quote(livedream_bin()) + " dream --help");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  for (const char* expected : {"--layers TEXT=inception_4c", "--steps INT=20", "--max-dim INT=500", "--octave-mode TEXT=progressive",
                               "--preset", "--params-from", "--guide", "--zoom", "--source-blend", "clouds:WIDTHxHEIGHT"})
    CHECK(r.output.find(expected) != std::string::npos);
}

TEST_CASE("dream from an http URL served on the loopback interface") {
  const std::string served = tmp_dir("cli_dream_http_root");
  fs::copy_file(shared_image("sky.jpg"), served + "/sky.jpg");
  LoopbackServer server(served);
  const std::string out = tmp_dir("cli_dream_http") + "/from_url.png";
  auto r = run_command(dream_cmd(server.url("sky.jpg") + kQuick + " --out " + shell_quote(out)));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(load_image(out).width == 128);
  CHECK(read_png_text(out).at("livedream-input") == server.url("sky.jpg"));
  // A URL the server does not have: one line naming it, exit code 1.
  r = run_command(dream_cmd(server.url("missing.jpg") + kQuick + " --out " + shell_quote(out)));
  expect_one_line_error(r, 1, server.url("missing.jpg"));
}

TEST_CASE("on a terminal a progress bar shows step, octave, loss, speed and ETA") {
  const std::string out = tmp_dir("cli_dream_tty") + "/tty.png";
  // script(1) runs the command on a pseudo-terminal.
  const std::string inner = dream_cmd("clouds:128x96" + kQuick + " --out " + shell_quote(out));
  const auto r = run_command("script -qec " + shell_quote(inner) + " /dev/null");
  INFO(r.output);
  if (r.exit_code == 127) LIVEDREAM_SKIP("script(1) from util-linux is not installed");
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("step 4/4") != std::string::npos);
  CHECK(r.output.find("octave 2/2") != std::string::npos);
  CHECK(r.output.find("loss ") != std::string::npos);
  CHECK(r.output.find("steps/s") != std::string::npos);
  CHECK(r.output.find("ETA ") != std::string::npos);
}

TEST_CASE("user errors are one line with exit code 2, failures one line with exit code 1") {
  const std::string dir = tmp_dir("cli_dream_errors");
  const std::string sky = shell_quote(shared_image("sky.jpg"));
  const std::string out = " --out " + shell_quote(dir + "/out.png");
  // Runtime failures: exit code 1.
  expect_one_line_error(run_command(dream_cmd(shell_quote(dir + "/no-such.jpg") + out)), 1, dir + "/no-such.jpg");
  expect_one_line_error(run_command(dream_cmd("http://127.0.0.1:1/sky.jpg" + out)), 1, "http://127.0.0.1:1/sky.jpg");
  expect_one_line_error(run_command(dream_cmd(sky + " --out " + shell_quote(dir + "/missing-folder/out.png"))), 1, "does not exist");
  // Usage errors: exit code 2.
  expect_one_line_error(run_command(dream_cmd(sky + " --layers inception_9z" + out)), 2, "no layer 'inception_9z'");
  expect_one_line_error(run_command(dream_cmd(sky + " --layers inception_4c:600" + out)), 2, "channel 600 of layer inception_4c");
  expect_one_line_error(run_command(dream_cmd(sky + " --step-size 0" + out)), 2, "--step-size: 0 is outside 0.00001..1");
  expect_one_line_error(run_command(dream_cmd(sky + " --step-size -0.01" + out)), 2, "--step-size: -0.01 is outside");
  // No steps writes the input as fitted (the conversion tests use it), with a note saying so.
  {
    const std::string converted = dir + "/steps0.png";
    const auto r = run_command(dream_cmd(sky + " --steps 0 --out " + shell_quote(converted)));
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("note: --steps 0: no dreaming") != std::string::npos);
    fs::remove(converted);
  }
  expect_one_line_error(run_command(dream_cmd(sky + " --preset no-such-preset" + out)), 2, "unknown preset 'no-such-preset'");
  expect_one_line_error(run_command(dream_cmd(sky + " --out " + shell_quote(dir + "/out.jpg"))), 2, "not a .png");
  expect_one_line_error(run_command(dream_cmd(sky + " --octave-mode sideways" + out)), 2,
                        "--octave-mode: 'sideways' is not one of progressive or cycle");
  expect_one_line_error(run_command(dream_cmd("clouds:5x5" + out)), 2, "clouds:5x5");
  expect_one_line_error(run_command(dream_cmd(sky)), 2, "--out");
  // --params-from on a PNG livedream did not write.
  save_png(dir + "/plain.png", load_image(shared_image("sky.jpg")));
  expect_one_line_error(run_command(dream_cmd(sky + " --params-from " + shell_quote(dir + "/plain.png") + out)), 2,
                        "no livedream parameters");
  CHECK_FALSE(fs::exists(dir + "/out.png"));
}

TEST_CASE("dream --quiet keeps the errors only, and --verbose is taken, before or after the command") {
  const std::string dir = tmp_dir("cli_dream_quiet");
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string base = shell_quote(livedream_bin()) + " dream clouds:96x96 --model " + shell_quote(model) +
                           " --layers fire5 --steps 1 --out " + shell_quote(dir + "/q.png");
  const auto normal = run_command(base);
  INFO(normal.output);
  REQUIRE(normal.exit_code == 0);
  CHECK(normal.output.find("livedream: model ") != std::string::npos);
  CHECK(normal.output.find("livedream: wrote ") != std::string::npos);
  const auto quiet = run_command(base + " --quiet");
  INFO(quiet.output);
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.output.empty());
  CHECK(std::filesystem::exists(dir + "/q.png"));
  const auto quiet_first = run_command(shell_quote(livedream_bin()) + " --quiet dream " + shell_quote(dir + "/missing.png") + " --out " +
                                       shell_quote(dir + "/m.png"));
  INFO(quiet_first.output);
  CHECK(quiet_first.exit_code == 1);
  CHECK(quiet_first.output.rfind("livedream: error: ", 0) == 0);  // errors still speak, in one line
  CHECK(std::count(quiet_first.output.begin(), quiet_first.output.end(), '\n') == 1);
  CHECK(run_command(base + " --verbose").exit_code == 0);
  CHECK(run_command(base + " --quiet --verbose").exit_code == 2);
}
