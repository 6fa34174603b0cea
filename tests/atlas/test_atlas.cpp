// The channel atlas: channel sets, feature visualizations in batches (cells differ, a seed
// reproduces a cell, a batch gives what each image alone gives), the cache and the grid.
#include <torch/script.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "atlas/atlas_builder.h"
#include "atlas/atlas_cache.h"
#include "atlas/atlas_grid.h"
#include "atlas/channel_set.h"
#include "core/error.h"
#include "core/file_io.h"
#include "dream/feature_visualization.h"
#include "dream/model.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<dream::Model> googlenet() {
  static std::shared_ptr<dream::Model> model = std::make_shared<dream::Model>(dream::Model::load(shared_model("googlenet_bvlc.pt")));
  return model;
}

// Small and quick, but enough steps that each channel's picture has moved away from the noise.
dream::FeatureVisualizationOptions quick_options() {
  dream::FeatureVisualizationOptions options;
  options.size = 64;
  options.steps = 8;
  options.step_size = 0.05f;
  return options;
}

double mean_abs_difference(const Image& a, const Image& b) {
  REQUIRE(a.rgb.size() == b.rgb.size());
  double sum = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
  return sum / static_cast<double>(a.rgb.size());
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("channel sets: numbers, ranges, lists and all, in order and without repeats") {
  CHECK(atlas::parse_channel_set("3", 10) == std::vector<int64_t>{3});
  CHECK(atlas::parse_channel_set("0-3", 10) == std::vector<int64_t>{0, 1, 2, 3});
  CHECK(atlas::parse_channel_set("7,2-4,3,9", 10) == std::vector<int64_t>{7, 2, 3, 4, 9});
  CHECK(atlas::parse_channel_set("all", 4) == std::vector<int64_t>{0, 1, 2, 3});
}

TEST_CASE("bad channel sets are one-line usage errors that say the layer's range") {
  for (const std::string bad : {"x", "1-", "-3", "5-2", "10", "3,,4", "1.5", "0-99999999999"}) {
    INFO(bad);
    const std::string message = error_of([&] { atlas::parse_channel_set(bad, 10); });
    CHECK(message.find("--channels") == 0);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.find("0 to 9") != std::string::npos);
  }
}

TEST_CASE("the grid places each cell and writes its channel number under it") {
  std::vector<Image> cells;
  for (int i = 0; i < 5; ++i) {
    Image cell;
    cell.width = cell.height = 40;
    cell.rgb.assign(40 * 40 * 3, static_cast<uint8_t>(50 * i));
    cells.push_back(cell);
  }
  const std::vector<int64_t> channels = {0, 1, 17, 230, 511};
  const Image grid = atlas::compose_atlas_grid(channels, cells, 3);
  REQUIRE(grid.width > 3 * 40);
  REQUIRE(grid.height > 2 * 40);
  // Each cell's pixels are where the grid puts them, and its label strip has bright text pixels.
  const int pitch_x = (grid.width - 2) / 3, pitch_y = (grid.height - 2) / 2;
  std::vector<std::vector<uint8_t>> labels;
  for (int i = 0; i < 5; ++i) {
    const int x0 = 2 + (i % 3) * pitch_x, y0 = 2 + (i / 3) * pitch_y;
    CHECK(grid.pixel(x0 + 20, y0 + 20)[0] == 50 * i);
    std::vector<uint8_t> strip;
    int bright = 0;
    for (int y = y0 + 40; y < y0 + pitch_y - 2; ++y)
      for (int x = x0; x < x0 + 40; ++x) {
        strip.push_back(grid.pixel(x, y)[0]);
        bright += grid.pixel(x, y)[0] > 200;
      }
    CHECK(bright > 5);
    labels.push_back(strip);
  }
  for (size_t i = 0; i < labels.size(); ++i)  // five different numbers drawn
    for (size_t j = i + 1; j < labels.size(); ++j) CHECK(labels[i] != labels[j]);
  CHECK_THROWS_AS(atlas::compose_atlas_grid({1, 2}, {cells[0]}), Error);
}

TEST_CASE("feature visualizations: a batch's cells differ pairwise and a seed reproduces them") {
  auto model = googlenet();
  const auto options = quick_options();
  // 2 and 9 are zero on noise (every pre-activation negative): they must grow a picture too.
  const std::vector<int64_t> channels = {0, 2, 9, 97};
  const auto cells = dream::visualize_channels(*model, "inception_4c", channels, options);
  REQUIRE(cells.size() == channels.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    CHECK(cells[i].width == 64);
    for (size_t j = i + 1; j < cells.size(); ++j) {
      INFO("channels " << channels[i] << " and " << channels[j]);
      CHECK(mean_abs_difference(cells[i], cells[j]) > 8.0);
    }
  }
  // The ascent moved every picture away from its starting noise.
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto noise =
        ((dream::starting_noise(channels[i], options) + 1.0) * 127.5).round().to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
    Image start;
    start.width = start.height = 64;
    start.rgb.assign(noise.data_ptr<uint8_t>(), noise.data_ptr<uint8_t>() + noise.numel());
    CHECK(mean_abs_difference(cells[i], start) > 8.0);
  }
  // Each picture excites its own channel, the ones silent on noise included.
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto pixels = torch::from_blob(const_cast<uint8_t*>(cells[i].rgb.data()), {1, 64, 64, 3}, torch::kUInt8);
    const auto unit = pixels.permute({0, 3, 1, 2}).to(torch::kFloat32) / 127.5 - 1.0;
    torch::NoGradGuard no_grad;
    const auto activation = model->extract(model->from_unit(unit), {"inception_4c"})[0];
    INFO("channel " << channels[i]);
    CHECK(activation[0][channels[i]].mean().item<float>() > 0.0f);
  }
  const auto again = dream::visualize_channels(*model, "inception_4c", channels, options);
  for (size_t i = 0; i < cells.size(); ++i) CHECK(again[i].rgb == cells[i].rgb);
}

TEST_CASE("a channel's picture in a batch is the picture it gets alone (the network's ops handle N > 1)") {
  auto model = googlenet();
  // A step or two: over many steps the ascent amplifies the rounding differences between batch
  // sizes (another convolution algorithm), which would hide whether images leak into each other.
  for (int steps : {1, 2}) {
    INFO(steps << " steps");
    auto options = quick_options();
    options.steps = steps;
    options.step_size = 0.2f;  // far enough from the noise that a leak would show
    const auto batch = dream::visualize_channels(*model, "inception_4c", {5, 300, 97}, options);
    const auto alone = dream::visualize_channels(*model, "inception_4c", {300}, options);
    CHECK(mean_abs_difference(batch[1], alone[0]) < 0.5);
    CHECK(mean_abs_difference(batch[0], alone[0]) > 8.0);
  }
}

TEST_CASE("feature visualizations refuse an unknown layer and a channel out of range in one line") {
  auto model = googlenet();
  const std::string layer = error_of([&] { dream::visualize_channels(*model, "inception_9z", {0}, quick_options()); });
  CHECK(layer.find("no layer 'inception_9z'") != std::string::npos);
  CHECK(layer.find("inception_4c") != std::string::npos);
  const std::string channel = error_of([&] { dream::visualize_channels(*model, "inception_4c", {512}, quick_options()); });
  CHECK(channel.find("channel 512 of layer inception_4c is out of range") == 0);
  CHECK(channel.find('\n') == std::string::npos);
}

TEST_CASE("an atlas build reads its cache the second time and recomputes a corrupt cell") {
  auto model = googlenet();
  const std::string root = tmp_dir("atlas_cache");
  atlas::AtlasSpec spec;
  spec.layer = "inception_4c";
  spec.channels = {3, 4, 5};
  spec.options = quick_options();
  spec.batch = 2;
  int calls = 0;
  const auto first = atlas::build_atlas(*model, root, spec, [&](const atlas::AtlasProgress& p) {
    ++calls;
    CHECK(p.total == 3);
    return true;
  });
  CHECK(first.computed == 3);
  CHECK(first.cached == 0);
  CHECK(calls == 3);  // after the cache, then after each of two batches
  const auto cache = atlas::atlas_cache_for(root, *model, spec);
  CHECK(cache.folder().find(model->sha256()) != std::string::npos);
  const auto bytes_before = read_file_bytes(cache.cell_path(4), "cell");

  const auto second = atlas::build_atlas(*model, root, spec);
  CHECK(second.computed == 0);
  CHECK(second.cached == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(second.cells[i].rgb == first.cells[i].rgb);
  CHECK(read_file_bytes(cache.cell_path(4), "cell") == bytes_before);

  // A truncated file and a picture of the wrong size are computed again, not crashes.
  {
    std::ofstream truncated(cache.cell_path(3), std::ios::binary | std::ios::trunc);
    truncated.write(reinterpret_cast<const char*>(bytes_before.data()), 40);
  }
  Image wrong;
  wrong.width = wrong.height = 8;
  wrong.rgb.assign(8 * 8 * 3, 0);
  save_png(cache.cell_path(5), wrong);
  const auto third = atlas::build_atlas(*model, root, spec);
  CHECK(third.computed == 2);
  CHECK(third.cached == 1);
  CHECK(third.cells[0].rgb == first.cells[0].rgb);
  CHECK(third.cells[2].rgb == first.cells[2].rgb);

  // Other settings are another folder: nothing is taken from a different recipe.
  auto other = spec;
  other.options.steps = 7;
  CHECK(atlas::atlas_cache_for(root, *model, other).folder() != cache.folder());
}

TEST_CASE("the atlas cache lives under LIVEDREAM_ATLAS_CACHE, else XDG_CACHE_HOME") {
  {
    ScopedEnv env("LIVEDREAM_ATLAS_CACHE", std::string("/tmp/atlas-here"));
    CHECK(atlas::atlas_cache_root() == "/tmp/atlas-here");
  }
  ScopedEnv unset("LIVEDREAM_ATLAS_CACHE", std::nullopt);
  ScopedEnv xdg("XDG_CACHE_HOME", std::string("/tmp/xdg-cache"));
  CHECK(atlas::atlas_cache_root() == "/tmp/xdg-cache/livedream/atlas");
}
