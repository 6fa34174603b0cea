// The error matrix (issue 7): every kind of bad input a user can give, each asserting a one-line
// error that names the problem and the fix ("livedream: error: problem (fix)"), and the exit code
// (2: the user asked for something invalid; 1: a valid request that failed). Image cases run both
// through the core API and through `livedream dream`; the rest through the program. The fixtures
// are made at run time (tests/robustness/make_fixtures.py) into build/test-tmp.
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/http_fetch.h"
#include "core/image.h"
#include "robustness/robust_support.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::robust;
using livedream::test::shell_quote;
using livedream::test::tmp_dir;
namespace fs = std::filesystem;

namespace {

std::string img(const std::string& name) { return images_dir() + "/" + name; }
std::string q(const std::string& s) { return shell_quote(s); }

// A quick dream: small, a shallow layer, one octave, two steps; `extra` options replace these.
std::string dream_args(const std::string& input, const std::string& out, const std::string& extra = "", const std::string& model = "") {
  std::string args = "dream " + q(input) + " --out " + q(out) + " --model " + q(model.empty() ? good_model() : model);
  for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
           {"--max-dim", "96"}, {"--layers", "inception_3b"}, {"--steps", "2"}, {"--octaves", "1"}, {"--seed", "1"}})
    if (extra.find(flag + " ") == std::string::npos) args += " " + flag + " " + value;
  return args + extra;
}

std::string load_error(const std::string& path) {
  try {
    load_image(path);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("loaded " << path);
  return {};
}

bool cuda_device_present() {
  const auto r = run_livedream("--version");
  return r.output.find("CUDA device available: yes") != std::string::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Image files
// ---------------------------------------------------------------------------------------------

TEST_CASE("images: missing, empty, truncated, folder and non-image files are one-line errors naming the file") {
  struct Case {
    std::string file, needle;
  };
  const std::vector<Case> cases = {
      {"no-such-file.png", "not found"},
      {"empty.png", "empty"},
      {"truncated.png", "truncated or corrupt"},
      {"truncated_header.png", "cannot read image"},
      {"truncated_header.jpg", "cannot read image"},
      {"text.png", "cannot read image"},
      {"document.pdf.png", "cannot read image"},
      {"image.webp", "cannot read image"},
      {"vector.svg", "cannot read image"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    expect_error_message(load_error(img(c.file)), {img(c.file), c.needle});
  }
  expect_error_message(load_error(images_dir()), {"folder"});
  // A JPEG cut in half: stb decodes what is there or refuses it; either way no crash, one line.
  try {
    const Image partial = load_image(img("truncated.jpg"));
    CHECK(partial.width == 96);
  } catch (const Error& e) {
    expect_error_message(e.what(), {"truncated.jpg"});
  }
}

TEST_CASE("images: grey, grey+alpha, palette, RGBA, 16-bit, CMYK JPEG and the other formats load as RGB") {
  const auto expected = nlohmann::json::parse(read_file_text(img("expected.json"), "expectations"));
  REQUIRE(expected.size() >= 19);
  for (const auto& [name, rgb] : expected.items()) {
    INFO(name);
    Image image;
    REQUIRE_NOTHROW(image = load_image(img(name)));
    CHECK(image.width == 96);
    CHECK(image.height == 80);
    const bool lossy = name.find(".jpg") != std::string::npos;
    const uint8_t* top = image.pixel(48, 5);
    for (int c = 0; c < 3; ++c) CHECK(std::abs(top[c] - rgb[c].get<int>()) <= (lossy ? 6 : 1));
    if (name == "grey_alpha.png") {  // its bottom half is transparent: black
      const uint8_t* bottom = image.pixel(48, 75);
      CHECK((bottom[0] == 0 && bottom[1] == 0 && bottom[2] == 0));
    }
  }
}

TEST_CASE("images: a side over 16384 px or over 100 megapixels is refused with the size, before decoding") {
  expect_error_message(load_error(img("side_16385.png")), {"16385x16", "16384 px"});
  expect_error_message(load_error(img("pixels_100m.png")), {"10001x10000", "100 megapixels", "downscale"});
  expect_error_message(load_error(img("side_30000.jpg")), {"30000x2"});
  expect_error_message(load_error(img("side_20000.gif")), {"20000x20000"});
  // A 65 KB PNG of one pixel whose data inflates to 64 MB.
  expect_error_message(load_error(img("bomb.png")), {"bomb.png", "decompression bomb"});
}

TEST_CASE("images: the corrupt files fuzzing found are refused in one line") {
  const std::string corpus = test::source_dir() + "/tests/fuzz/corpus/image/";
  for (const char* file : {"regress_jpeg_dht_over_256.jpg", "regress_pnm_header_overflow.ppm"}) {
    INFO(file);
    expect_error_message(load_error(corpus + file), {"corrupt"});
  }
  // 16-bit PGMs decode (stb 2.27 read past its buffer and swapped the bytes): exact values.
  const Image pgm = load_image(img("grey16.pgm"));
  CHECK(int(pgm.pixel(1, 1)[0]) == 135);
}

TEST_CASE("cli: bad input images exit 1 with one line naming the file, before the model loads") {
  const std::string out = tmp_dir("robust_cli_images") + "/out.png";
  for (const char* file : {"no-such-file.png", "empty.png", "truncated.png", "text.png", "side_16385.png", "pixels_100m.png", "bomb.png"}) {
    INFO(file);
    expect_one_line_error(run_livedream(dream_args(img(file), out)), 1, {img(file)});
  }
  expect_one_line_error(run_livedream(dream_args(images_dir(), out)), 1, {"folder"});
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: odd-mode images dream and write a 96x80 PNG") {
  const std::string dir = tmp_dir("robust_cli_modes");
  for (const char* file : {"grey_alpha.png", "palette.png", "rgba16.png", "cmyk.jpg", "grey16.pgm"}) {
    INFO(file);
    const std::string out = dir + "/" + std::string(file) + ".out.png";
    const auto r = run_livedream(dream_args(img(file), out));
    INFO(r.output);
    CHECK(r.exit_code == 0);
    const Image dreamt = load_image(out);
    CHECK(dreamt.width == 96);
    CHECK(dreamt.height == 80);
  }
}

TEST_CASE("cli: 1x1 and 16x16 images are refused with the model's minimum size (exit 2)") {
  const std::string out = tmp_dir("robust_cli_tiny") + "/out.png";
  expect_one_line_error(run_livedream(dream_args(img("one_pixel.png"), out)), 2, {"1x1", "px a side the model needs"});
  expect_one_line_error(run_livedream(dream_args(img("sixteen.png"), out)), 2, {"16x16", "px a side the model needs"});
  CHECK_FALSE(fs::exists(out));
}

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

TEST_CASE("models: missing, empty, truncated, not TorchScript, or without the contract: exit 1, one line") {
  const std::string dir = models_dir();
  struct Case {
    std::string file, needle;
  };
  const std::vector<Case> cases = {
      {dir + "/no-such-model.pt", "not found"},
      {dir, "folder"},
      {dir + "/empty.pt", "not a TorchScript file"},
      {dir + "/text.pt", "not a TorchScript file"},
      {dir + "/truncated.pt", "cannot be loaded"},
      {dir + "/random_zip.pt", "cannot be loaded"},
      {dir + "/no_extract.pt", "no extract(x, layers) method"},
      {dir + "/no_layer_names.pt", "no layer_names attribute"},
  };
  const std::string out = tmp_dir("robust_cli_models") + "/out.png";
  for (const auto& c : cases) {
    INFO(c.file);
    expect_one_line_error(run_livedream("layers --model " + q(c.file)), 1, {c.file, c.needle});
    expect_one_line_error(run_livedream(dream_args(img("rgb.png"), out, "", c.file)), 1, {c.file, c.needle});
  }
  CHECK_FALSE(fs::exists(out));
}

// ---------------------------------------------------------------------------------------------
// Parameters and presets
// ---------------------------------------------------------------------------------------------

TEST_CASE("params: unknown layer, channel out of range, NaN or negative step, octave scale <= 1, zero octaves: exit 2, naming the flag") {
  const std::string out = tmp_dir("robust_cli_params") + "/out.png";
  struct Case {
    std::string args;
    std::vector<std::string> needles;
  };
  const std::vector<Case> cases = {
      {" --layers inception_9z", {"inception_9z"}},
      {" --layers inception_3b:100000", {"channel 100000", "inception_3b"}},
      {" --layers inception_3b:1.5:2.5", {"two weights"}},
      {" --layers inception_3b:abc", {"abc"}},
      {" --step-size nan", {"--step-size: the value is not a finite number"}},
      {" --step-size -0.5", {"--step-size: -0.5 is outside 0.00001..1"}},
      {" --step-size 0", {"--step-size: 0 is outside"}},
      {" --step-size inf", {"--step-size"}},
      {" --octave-scale 1", {"--octave-scale: 1 is outside 1.01..4"}},
      {" --octave-scale 0.5", {"--octave-scale"}},
      {" --octaves 0", {"--octaves: 0 is outside 1..16"}},
      {" --octaves -3", {"--octaves"}},
      {" --steps -1", {"--steps"}},
      {" --tile 5", {"--tile: 5 is outside 0 or 64..8192"}},
      {" --zoom 0", {"--zoom"}},
      {" --loss sideways", {"--loss: 'sideways' is not one of mean or mean-square"}},
      {" --dtype float8", {"--dtype"}},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    expect_one_line_error(run_livedream(dream_args(img("rgb.png"), out, c.args)), 2, c.needles);
  }
  CHECK_FALSE(fs::exists(out));
  // The same checks at the API level, for the viewer and presets.
  DreamParams p;
  p.step_size = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(validate(p), Error);
  p = {};
  p.octave_scale = 1.0f;
  CHECK_THROWS_AS(validate(p), Error);
  p = {};
  p.octaves = 0;
  CHECK_THROWS_AS(validate(p), Error);
}

TEST_CASE("presets: bad JSON, unknown keys, wrong types and out-of-range numbers: exit 2, one line naming the key") {
  const std::string dir = tmp_dir("robust_cli_presets");
  const std::string out = dir + "/out.png";
  struct Case {
    std::string name, text;
    std::vector<std::string> needles;
  };
  const std::vector<Case> cases = {
      {"bad_json.json", "{\"steps\": 20,", {"bad_json.json", "not valid JSON"}},
      {"unknown_key.json", "{\"stepz\": 20}", {"unknown preset key 'stepz'"}},
      {"wrong_type.json", "{\"steps\": \"many\"}", {"'steps'", "wrong type"}},
      {"huge_int.json", "{\"steps\": 1e300}", {"'steps'", "is outside 0..1000000"}},
      {"wrapping_int.json", "{\"octaves\": 4294967297}", {"'octaves'", "4294967297 is outside 1..16"}},
      {"fraction_int.json", "{\"octaves\": 2.5}", {"'octaves'", "whole number"}},
      {"overflow_number.json", "{\"zoom\": 1e99999}", {"not valid JSON"}},
      {"array.json", "[1, 2]", {"JSON object"}},
      {"bad_layers.json", "{\"layers\": [{\"layer\": \"inception_3b\", \"colour\": 1}]}", {"colour"}},
      {"invalid_value.json", "{\"octave_scale\": 0.9}", {"preset key 'octave_scale': 0.9 is outside 1.01..4"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    std::ofstream(dir + "/" + c.name) << c.text;
    expect_one_line_error(run_livedream(dream_args(img("rgb.png"), out, " --preset " + q(dir + "/" + c.name))), 2, c.needles);
    try {
      validate(params_from_json_text(c.text, c.name));
      FAIL("accepted " << c.text);
    } catch (const Error& e) {
      CHECK(e.exit_code() == 2);
      expect_error_message(e.what(), {});
    }
  }
  CHECK_FALSE(fs::exists(out));
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

TEST_CASE("outputs: a missing or unwritable output folder is exit 1, one line, before any dreaming") {
  const std::string dir = tmp_dir("robust_cli_outputs");
  expect_one_line_error(run_livedream(dream_args(img("rgb.png"), dir + "/missing/out.png")), 1, {"does not exist"});
  // Unwritable: /proc takes no new files, even for root; a read-only folder too when not root.
  // 1000000 steps would take hours: the error must come before the dream, not after it.
  std::vector<std::string> unwritable = {"/proc"};
  if (::geteuid() != 0) {
    fs::create_directories(dir + "/read-only");
    ::chmod((dir + "/read-only").c_str(), 0555);
    unwritable.push_back(dir + "/read-only");
  }
  for (const auto& folder : unwritable) {
    INFO(folder);
    const auto r = run_livedream(dream_args(img("rgb.png"), folder + "/out.png", " --steps 1000000"), "", 40);
    expect_one_line_error(r, 1, {folder + "/out.png"});
  }
}

TEST_CASE("outputs: a full disk while saving the PNG is exit 1, one line, and leaves no file behind") {
  // RLIMIT_FSIZE with SIGXFSZ ignored makes write() fail with EFBIG, as a full disk fails with
  // ENOSPC: the same code path (write_file_atomically), without filling a real disk.
  const std::string dir = tmp_dir("robust_cli_full_disk");
  const std::string out = dir + "/out.png";
  const auto r = test::run_command(
      "bash -c " + q("ulimit -f 4; trap '' XFSZ; exec " + q(test::livedream_bin()) + " " + dream_args(img("noisy.png"), out)));
  expect_one_line_error(r, 1, {out, "writing PNG"});
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    INFO("left behind: " << e.path());
    ++files;
  }
  CHECK(files == 0);
}

TEST_CASE("outputs: recording to a full disk (/dev/full) is exit 1, one line") {
  const std::string dir = tmp_dir("robust_cli_dev_full");
  const std::string out = dir + "/full.mp4";
  fs::create_symlink("/dev/full", out);
  const auto r = run_livedream("render clouds:128x96 --out " + q(out) + " --frames 4 --steps-per-frame 1 --model " + q(good_model()) +
                               " --max-dim 96 --layers inception_3b --octaves 1");
  expect_one_line_error(r, 1, {"full.mp4"});
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

TEST_CASE("urls: unreachable, slow, HTTP error, redirect loop and huge downloads: exit 1, one line naming the URL") {
  MisbehavingServer server(img("rgb.png"));
  const std::string out = tmp_dir("robust_cli_urls") + "/out.png";
  // The timeout and size limit come from the environment so that this stays quick.
  const std::string env = "LIVEDREAM_HTTP_TIMEOUT=2 LIVEDREAM_HTTP_MAX_BYTES=200000 ";
  struct Case {
    std::string url;
    std::vector<std::string> needles;
  };
  const std::vector<Case> cases = {
      {"http://127.0.0.1:1/image.png", {"http://127.0.0.1:1/image.png"}},
      {server.url("/slow"), {"timed out after 2 s"}},
      {server.url("/missing"), {"HTTP status 404"}},
      {server.url("/loop"), {"redirects", "loop"}},
      {server.url("/huge"), {"larger than the limit of 200000 bytes"}},
      {server.url("/huge-length"), {"larger than the limit of 200000 bytes"}},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    const auto start = std::chrono::steady_clock::now();
    auto needles = c.needles;
    needles.push_back(c.url);
    expect_one_line_error(run_livedream(dream_args(c.url, out), env, 60), 1, needles);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
  }
  CHECK_FALSE(fs::exists(out));
  // The served image itself downloads and dreams.
  const auto ok = run_livedream(dream_args(server.url("/image.png"), out), env);
  INFO(ok.output);
  CHECK(ok.exit_code == 0);
  CHECK(load_image(out).width == 96);
  // The same limits through the API.
  FetchLimits limits;
  limits.timeout_seconds = 1;
  limits.connect_timeout_seconds = 1;
  limits.max_bytes = 1000;
  try {
    http_fetch(server.url("/huge"), limits);
    FAIL("no size limit");
  } catch (const Error& e) {
    expect_error_message(e.what(), {"1000 bytes"});
  }
  try {
    http_fetch(server.url("/slow"), limits);
    FAIL("no timeout");
  } catch (const Error& e) {
    expect_error_message(e.what(), {"timed out"});
  }
}

// ---------------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------------

TEST_CASE("devices: CUDA requested where there is none: exit 1, one line suggesting the CPU") {
  if (cuda_device_present()) LIVEDREAM_SKIP("a CUDA device is present here: --device cuda works");
  const std::string out = tmp_dir("robust_cli_cuda") + "/out.png";
  expect_one_line_error(run_livedream(dream_args(img("rgb.png"), out, " --device cuda")), 1, {"CUDA", "--device cpu"});
  expect_one_line_error(run_livedream(dream_args(img("rgb.png"), out, " --dtype float8 --device cpu")), 2, {"float8", "float16"});
  CHECK_FALSE(fs::exists(out));
}

// ---------------------------------------------------------------------------------------------
// Trust: TorchScript files are programs; livedream says which one it runs.
// ---------------------------------------------------------------------------------------------

TEST_CASE("trust: dream prints the path and sha256 of the model it loads") {
  const std::string out = tmp_dir("robust_cli_trust") + "/out.png";
  const auto r = run_livedream(dream_args(img("rgb.png"), out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto layers = run_livedream("layers --model " + q(good_model()));
  const auto at = layers.output.find("sha256 ");
  REQUIRE(at != std::string::npos);
  const std::string sha = layers.output.substr(at + 7, 64);
  CHECK(r.output.find(good_model()) != std::string::npos);
  CHECK(r.output.find(sha.substr(0, 12)) != std::string::npos);
}

TEST_CASE("files: devices and oversized files are refused before reading (never read /dev/zero to the end)") {
  const std::string dir = tmp_dir("robust_devices");
  const std::string out = dir + "/out.png";
  expect_one_line_error(run_livedream(dream_args("/dev/zero", out), "", 60), 1, {"/dev/zero", "device"});
  expect_one_line_error(run_livedream(dream_args("/dev/urandom", out), "", 60), 1, {"/dev/urandom", "device"});
  const auto preset = run_livedream(dream_args(img("rgb.png"), out, " --preset /dev/zero"), "", 60);
  CHECK(preset.exit_code != 0);
  expect_one_line_error(preset, preset.exit_code, {"/dev/zero"});
  // A sparse file of 2 GB: refused by its size, in no time.
  const std::string big = dir + "/big.png";
  { std::ofstream(big, std::ios::binary) << "not read"; }
  std::filesystem::resize_file(big, (size_t(2) << 30));
  expect_error_message(load_error(big), {"over the limit"});
  CHECK_FALSE(fs::exists(out));
}
