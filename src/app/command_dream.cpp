// livedream dream INPUT --out OUT.png [options]: the whole classic schedule, headless, and a PNG
// that carries every parameter, so `--params-from OUT.png` dreams the same dream again.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "app/commands.h"
#include "app/dream_options.h"
#include "core/input_image.h"
#include "app/model_notice.h"
#include "app/progress_bar.h"
#include "app/timeline_replay.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/log.h"
#include "core/png_keys.h"
#include "dream/engine.h"
#include "dream/model.h"
#include "dream/open_model.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

struct DreamCommand {
  std::string input, out;
  DreamOptions options;
};

// Checked before any work: a dream can take minutes, and should not be lost to a typo.
void check_output_path(const std::string& out) {
  const fs::path path(out);
  std::string ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".png") throw usage_error("--out " + out + " is not a .png file", "name the output like dream.png");
  std::error_code ec;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw runtime_error("the folder of --out " + out + " does not exist", "create it first");
  if (const int e = probe_folder_write(dir.string()))
    throw runtime_error("cannot write --out " + out + ": " + std::strerror(e), "choose a writable folder");
}

// Tells (on a terminal) when the PNG the parameters came from was dreamt with another model.
void note_model_mismatch(const std::string& params_png, const dream::Model& model) {
  if (params_png.empty() || !ProgressBar::stderr_is_terminal()) return;
  const auto text = read_png_text(params_png);
  const auto found = text.find(png_keys::kModelSha256);
  if (found != text.end() && found->second != model.sha256())
    log::note(
        log::words(params_png, " was dreamt with another model (sha256 ", found->second.substr(0, 12), "...); the result will differ"));
}

int run_dream(const DreamCommand& cmd) {
  // A viewer screenshot holds the session's timeline: replayed step for step, it gives the very
  // picture the viewer showed (the parameters alone, with the classic schedule, would not).
  if (const std::string& from = cmd.options.params_from(); !from.empty() && fs::exists(from)) {
    if (auto timeline = timeline_in_png(from)) {
      if (!cmd.options.any_given()) {
        check_output_path(cmd.out);
        return replay_into_png(std::move(*timeline), from, cmd.input, cmd.out);
      }
      log::note(log::words(from, " holds a live session's timeline; with dream options given it is not ",
                           "replayed: its final parameters run the classic schedule"));
    }
  }
  const DreamParams params = cmd.options.resolve();
  check_output_path(cmd.out);

  // The input first: a missing file or a bad URL should not wait for the model to load.
  Image source = limit_input_size(load_input_image(cmd.input, "input image"), params.max_dim, cmd.input, std::cerr);
  Image guide;
  if (!params.guide.empty()) guide = load_input_image(params.guide, "guide image");

  const auto model = dream::open_model(params);
  announce_model(*model, std::cerr);
  note_model_mismatch(cmd.options.params_from(), *model);

  dream::Engine engine(model, params);
  engine.set_source(source);
  if (!guide.empty()) engine.set_guide(guide);
  // strongN picks channels on this picture: the line says which, so the dream can be repeated.
  if (std::any_of(params.layers.begin(), params.layers.end(), [](const LayerObjective& l) { return l.strongest > 0; }))
    log::info(log::words("strongest channels: --layers '", format_layers(engine.resolved_layers()), "'"));
  // Info lines go to stderr whatever it is (scripts read them too); only the progress bar needs a terminal.
  if (engine.width() != source.width || engine.height() != source.height)
    log::info(log::words("dreaming at ", engine.width(), "x", engine.height(), " (input ", source.width, "x", source.height, ", --max-dim ",
                         params.max_dim, "; 0 keeps the size)"));

  ProgressBar bar;
  if (bar.enabled())
    engine.run([&bar](const dream::Progress& p) { bar.update(p.step, p.total_steps, p.octave, p.octaves, p.loss); });
  else
    engine.run();  // no callback: the loss is never read back, so a GPU never waits
  bar.finish();

  const std::map<std::string, std::string> text{
      {png_keys::kParams, to_json(params).dump()},  // what --params-from reads
      {png_keys::kModelSha256, model->sha256()},   {png_keys::kInput, cmd.input},
      {png_keys::kVersion, LIVEDREAM_VERSION},     {png_keys::kSoftware, "livedream " LIVEDREAM_VERSION},
  };
  save_png(cmd.out, engine.frame(), text);
  // No steps writes the input as it is (a quick way to convert or fit an image): say so, since a
  // dream was probably meant.
  if (params.steps < 1)
    log::note(log::words("--steps 0: no dreaming, ", cmd.out, " is the input as fitted (give --steps 1 or more to dream)"));
  log::info(log::words("wrote ", cmd.out));
  return 0;
}

}  // namespace

void add_dream_command(CLI::App& root, Action& selected) {
  auto cmd = std::make_shared<DreamCommand>();
  auto* sub = root.add_subcommand("dream", "Dream on an image without a window and save the result as PNG");
  sub->add_option("input", cmd->input,
                  "Image to dream on: a file (PNG, JPEG, ...), an http(s) URL, or the built-in clouds "
                  "(clouds, or clouds:WIDTHxHEIGHT; a file named clouds is ./clouds)")
      ->required();
  sub->add_option("--out,-o", cmd->out, "Output PNG; it stores every parameter (see --params-from)")->required();
  cmd->options.add_to(*sub);
  sub->footer(
      "Examples:\n"
      "  livedream dream photo.jpg --preset classic --out dream.png\n"
      "  livedream dream https://example.org/cat.jpg --layers inception_4c:97 --steps 40 --out cat.png\n"
      "  livedream dream photo.jpg --params-from dream.png --seed 2 --out again.png\n"
      "The feedback options (--zoom, --rotate, --pan-x/-y, --source-blend, --border) act between steps; "
      "--border fills what a zoom-out or turn uncovers.");
  sub->callback([&selected, cmd] { selected = [cmd] { return run_dream(*cmd); }; });
}

}  // namespace livedream::app
