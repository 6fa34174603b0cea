// livedream atlas --layer L [--channels 0-63] [--size 96] --out atlas.png: every chosen channel's
// feature visualization in a labelled grid, computed in batches and cached per model and layer.
#include <CLI/CLI.hpp>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/model_notice.h"
#include "app/progress_bar.h"
#include "atlas/atlas_builder.h"
#include "atlas/atlas_cache.h"
#include "atlas/atlas_grid.h"
#include "atlas/channel_set.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/log.h"
#include "dream/open_model.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

struct AtlasCommand {
  std::string model, layer, channels = "0-63", precondition, transforms, out, device = "auto", dtype = "float32";
  dream::FeatureVisualizationOptions options;
  int batch = 16;
  int columns = 0;
};

// Checked before any work: an atlas can take minutes, and should not be lost to a typo.
void check_atlas_output(const std::string& out) {
  const fs::path path(out);
  std::string ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".png") throw usage_error("--out " + out + " is not a .png file", "name the output like atlas.png");
  std::error_code ec;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw runtime_error("the folder of --out " + out + " does not exist", "create it first");
  if (const int e = probe_folder_write(dir.string()))
    throw runtime_error("cannot write --out " + out + ": " + std::strerror(e), "choose a writable folder");
}

int run_atlas(const AtlasCommand& cmd) {
  check_atlas_output(cmd.out);
  if (cmd.batch < 1) throw usage_error("--batch must be at least 1", "e.g. --batch 16");
  atlas::AtlasSpec spec;
  spec.layer = cmd.layer;
  spec.options = cmd.options;
  spec.options.precondition = parse_precondition(cmd.precondition);
  spec.options.transforms = parse_transforms(cmd.transforms);
  spec.batch = cmd.batch;

  DreamParams params;
  params.model = cmd.model;
  params.device = cmd.device;
  params.dtype = cmd.dtype;
  const auto model = dream::open_model(params);
  announce_model(*model, std::cerr);
  const int index = model->layer_index(cmd.layer);
  if (index < 0) dream::check_visualization_request(*model, cmd.layer, {}, spec.options);  // names the layers
  spec.channels = atlas::parse_channel_set(cmd.channels, model->layer_info()[static_cast<size_t>(index)].channels);

  const std::string root = atlas::atlas_cache_root();
  const auto start = std::chrono::steady_clock::now();
  ProgressBar bar;
  const auto build = atlas::build_atlas(*model, root, spec, [&bar](const atlas::AtlasProgress& p) {
    bar.update_items(p.done, p.total, "channels");
    return true;
  });
  bar.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  save_png(cmd.out, atlas::compose_atlas_grid(spec.channels, build.cells, cmd.columns),
           {{"livedream:atlas", model->sha256() + " " + cmd.layer + " " + cmd.channels}});
  // Scripts (and the bench) read these lines: how much was computed, how fast, and where it is
  // kept. Times to three figures, as people read them (36.9 s, not 36.9496 s).
  char timing[96];
  std::snprintf(timing, sizeof timing, "in %.3g s (%.3g s per computed channel)", seconds,
                build.computed > 0 ? seconds / static_cast<double>(build.computed) : 0.0);
  log::info(log::words("atlas of ", spec.channels.size(), " channels of ", cmd.layer, ": ", build.computed, " computed, ", build.cached,
                       " from the cache, ", timing));
  log::info("cache " + atlas::atlas_cache_for(root, *model, spec).folder());
  log::info("wrote " + cmd.out);
  return 0;
}

}  // namespace

void add_atlas_command(CLI::App& root, Action& selected) {
  auto cmd = std::make_shared<AtlasCommand>();
  cmd->precondition = to_string(cmd->options.precondition);
  cmd->transforms = to_string(cmd->options.transforms);
  auto* sub = root.add_subcommand("atlas", "Render a layer's channels as feature visualizations into a labelled grid PNG");
  sub->add_option("--model", cmd->model,
                  "TorchScript model: a path or a file name in the models folders (default: googlenet_bvlc.pt or $LIVEDREAM_MODEL)");
  sub->add_option("--layer", cmd->layer, "The layer whose channels to show (livedream layers lists them)")->required();
  sub->add_option("--channels", cmd->channels, "Channels: N, A-B, comma lists (0-15,97) or all")->capture_default_str();
  sub->add_option("--size", cmd->options.size, "Side of each channel's picture, pixels")->capture_default_str();
  sub->add_option("--steps", cmd->options.steps, "Ascent steps per picture")->capture_default_str();
  sub->add_option("--step-size", cmd->options.step_size, "Step size on the [-1,1] image")->capture_default_str();
  sub->add_option("--batch", cmd->batch, "Channels computed together, as one batch of images")->capture_default_str();
  sub->add_option("--precondition", cmd->precondition, "Gradient preconditioning: none | laplacian | fourier | smooth")
      ->capture_default_str();
  sub->add_option("--transforms", cmd->transforms,
                  "What moves the picture each step: robust (Lucid's pad, jitter, scale, rotate) | roll (--jitter pixels)")
      ->capture_default_str();
  sub->add_option("--jitter", cmd->options.jitter, "With --transforms roll: the random shift each step, pixels")->capture_default_str();
  sub->add_option("--seed", cmd->options.seed, "Seed of the starting noise and the shifts")->capture_default_str();
  sub->add_option("--columns", cmd->columns, "Cells per row of the grid (0: about square)")->capture_default_str();
  sub->add_option("--device", cmd->device, "auto | cpu | cuda")->capture_default_str();
  sub->add_option("--dtype", cmd->dtype, "float32 | bfloat16 | float16 | float64")->capture_default_str();
  sub->add_option("--out,-o", cmd->out, "Output PNG (the grid)")->required();
  sub->footer(
      "Each picture starts from seeded noise (the same channel gives the same picture) and is cached as a PNG in\n"
      "$LIVEDREAM_ATLAS_CACHE, else $XDG_CACHE_HOME/livedream/atlas (~/.cache/livedream/atlas), per model sha256,\n"
      "layer and settings; a second run reads the cache. Examples:\n"
      "  livedream atlas --layer inception_4c --out atlas.png\n"
      "  livedream atlas --layer inception_4c --channels all --size 96 --batch 32 --out 4c.png");
  sub->callback([&selected, cmd] { selected = [cmd] { return run_atlas(*cmd); }; });
}

}  // namespace livedream::app
