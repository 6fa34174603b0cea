// The engine against an independent Python implementation of the published formulas
// (tests/reference/dream_reference.py) on the same TorchScript model and the same input.
// Gradient ascent is chaotic in float32 (rounding differences grow to whole levels within ten
// steps), so many steps are compared in float64 and a single step in float32.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "dream/engine.h"
#include "dream/image_tensor.h"
#include "support/catch.h"
#include "test_engine_support.h"

using namespace livedream;
using namespace livedream::test;

namespace {

void write_raw(const std::string& path, const torch::Tensor& t) {
  const auto data = t.to(torch::kFloat64).contiguous();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data_ptr<double>()), static_cast<std::streamsize>(data.numel() * sizeof(double)));
}

torch::Tensor read_raw(const std::string& path, int64_t height, int64_t width) {
  auto t = torch::empty({1, 3, height, width}, torch::kFloat64);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(t.data_ptr<double>()), static_cast<std::streamsize>(t.numel() * sizeof(double)));
  REQUIRE(in.gcount() == static_cast<std::streamsize>(t.numel() * sizeof(double)));
  return t;
}

// Enough digits that Python's float32 of the text is the same float as ours.
std::string exact(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  return text;
}

std::string python() {
  const std::string path = LIVEDREAM_TEST_PYTHON;
  if (!std::filesystem::exists(path)) LIVEDREAM_SKIP("needs the project venv's Python with torch at " + path + " (run scripts/setup)");
  return path;
}

struct Case {
  std::string layers = "inception_4c";
  LossKind loss = LossKind::Mean;
  float step_size = 0.01f;
  int steps = 10;
  int octaves = 1;
  float octave_scale = 1.4f;
  torch::ScalarType dtype = torch::kFloat64;
  int width = 128, height = 96;
  std::string model;        // empty: the shared BVLC GoogLeNet
  double min_change = 5.0;  // levels: both must actually have dreamt, or agreeing would prove nothing
};

// Runs the engine and the reference from the same tensor; returns the largest difference in levels.
double engine_vs_reference(const Case& c, const std::string& name) {
  const std::string py = python();
  const std::string model_path = c.model.empty() ? shared_model("googlenet_bvlc.pt") : c.model;
  auto model = std::make_shared<dream::Model>(dream::Model::load(model_path, torch::kCPU, c.dtype));
  DreamParams p = plain_params(c.layers, c.steps);
  p.loss = c.loss;
  p.step_size = c.step_size;
  p.octaves = c.octaves;
  p.octave_scale = c.octave_scale;
  dream::Engine engine(model, p);
  const Image image = sky(c.width, c.height);
  engine.set_source(image);
  const auto source = dream::image_to_unit(image, torch::TensorOptions().dtype(torch::kFloat64));

  const std::string dir = tmp_dir("reference_" + name);
  write_raw(dir + "/input.f64", source);
  const auto t0 = std::chrono::steady_clock::now();
  engine.run();
  const double engine_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto ours = engine.dream_tensor();

  const auto r = run_command(shell_quote(py) + " " + shell_quote(source_dir() + "/tests/reference/dream_reference.py") + " --model " +
                             shell_quote(model_path) + " --input " + shell_quote(dir + "/input.f64") + " --output " +
                             shell_quote(dir + "/output.f64") + " --height " + std::to_string(c.height) + " --width " +
                             std::to_string(c.width) + " --layers " + c.layers + " --loss " + to_string(c.loss) + " --step-size " +
                             exact(c.step_size) + " --steps " + std::to_string(c.steps) + " --octaves " + std::to_string(c.octaves) +
                             " --octave-scale " + exact(c.octave_scale) + " --min-size " + std::to_string(model->min_input_size()) +
                             " --dtype " + (c.dtype == torch::kFloat64 ? "float64" : "float32"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto reference = read_raw(dir + "/output.f64", c.height, c.width);
  const double diff = max_diff_levels(ours, reference);
  const double change = max_diff_levels(reference, source);
  UNSCOPED_INFO("engine " << engine_s << " s; max difference " << diff << " levels; the dream moved pixels by up to " << change
                          << " levels");
  CHECK(change > c.min_change);
  return diff;
}

}  // namespace

TEST_CASE("float64: 10 tutorial steps match the Python reference within 1e-3 levels") {
  Case c;  // loss = mean activation, gradient / std, step 0.01 in [-1, 1] units
  CHECK(engine_vs_reference(c, "tutorial") < 1e-3);
}

TEST_CASE("float64: 10 Caffe-notebook steps match the Python reference within 1e-3 levels") {
  Case c;
  c.loss = LossKind::MeanSquare;  // loss = mean squared activation, gradient / mean |gradient|
  c.step_size = 1.5f / 127.5f;    // the notebook's 1.5 in 0..255 units
  c.layers = "inception_3b,inception_4c:0.5";
  CHECK(engine_vs_reference(c, "caffe") < 1e-3);
}

TEST_CASE("float64: progressive octaves with detail re-injection match the Python reference within 1e-3 levels") {
  Case c;
  c.octaves = 3;
  c.steps = 4;  // 12 steps in all, over 3 sizes
  c.octave_scale = 1.3f;
  c.width = 160;
  c.height = 120;
  c.layers = "inception_4c:97+12,inception_3b";  // channels too
  CHECK(engine_vs_reference(c, "octaves") < 1e-3);
}

TEST_CASE("float32: one tutorial step matches the Python reference within 1e-3 levels") {
  Case c;
  c.dtype = torch::kFloat32;
  c.steps = 1;
  c.min_change = 1.0;
  c.width = 224;
  c.height = 160;
  CHECK(engine_vs_reference(c, "float32") < 1e-3);
}

TEST_CASE("float64: tutorial steps on an RGB model with std (InceptionV3) match the Python reference") {
  // Random weights are enough to check the input convention (RGB, 0..1, mean 0.5, std 0.5) and
  // the tutorial's layer names; the exported_models fixture (python_export_model) writes the file.
  Case c;
  c.model = test_models_dir() + "/inception_v3_random.pt";
  if (!std::filesystem::exists(c.model))
    LIVEDREAM_SKIP("needs " + c.model + " (random-weight InceptionV3, exported by the python_export_model test)");
  c.layers = "mixed3,mixed5";
  c.steps = 4;
  c.min_change = 0.5;
  CHECK(engine_vs_reference(c, "inception_v3") < 1e-3);
}
