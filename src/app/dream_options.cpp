#include "app/dream_options.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/paths.h"

namespace livedream::app {
namespace fs = std::filesystem;

void DreamOptions::add_to(CLI::App& app, const std::string& group) {
  // Each option parses into flags_ (or a string) and registers how to apply itself, so that
  // resolve() can apply exactly the options the user gave, over a preset.
  auto given = [this](CLI::Option* option, std::function<void(DreamParams&)> apply) {
    given_.emplace_back(option, std::move(apply));
    return option;
  };
  // The help shows DreamParams' own defaults (flags_ starts as DreamParams{}), so it never goes stale.
  const DreamParams defaults;
  auto* preset = app.add_option("--preset", preset_,
                                "Start from a preset: a built-in NAME (classic, tutorial, ... in assets/presets) or a JSON FILE; "
                                "options given here override it")
                     ->group(group);
  auto* params_from = app.add_option("--params-from", params_from_,
                                     "Start from the parameters stored in a PNG livedream wrote (reproduces that dream); "
                                     "options given here override them")
                          ->group(group);
  preset->excludes(params_from);
  params_from->excludes(preset);

  given(app.add_option("--model", flags_.model,
                       "TorchScript model: a path, or a file name looked up in the models folders "
                       "(default: models/googlenet_bvlc.pt or $LIVEDREAM_MODEL)"),
        [this](DreamParams& p) { p.model = flags_.model; })
      ->group(group);
  given(app.add_option("--layers", layers_,
                       "Layers to amplify: name[:channels][:weight],... Channels are integers joined by '+', weights have "
                       "a decimal point: inception_4c | inception_4c:97 (channel 97 only) | inception_4c:97+12 | "
                       "mixed3:1.0,mixed5:1.5 (livedream layers lists them)"),
        [this](DreamParams& p) { p.layers = parse_layers(layers_); })
      ->group(group);
  given(app.add_option("--loss", loss_,
                       "mean: the TensorFlow tutorial's (mean activation, gradient / std); mean-square: the Caffe "
                       "notebook's (mean squared activation, gradient / mean |gradient|)"),
        [this](DreamParams& p) { p.loss = parse_loss(loss_); })
      ->group(group);
  given(app.add_option("--steps", flags_.steps, "Ascent steps per octave (progressive) or in all (cycle)"),
        [this](DreamParams& p) { p.steps = flags_.steps; })
      ->group(group);
  given(app.add_option("--step-size", flags_.step_size, "Step size with the image in [-1, 1] (the tutorial's 0.01)"),
        [this](DreamParams& p) { p.step_size = flags_.step_size; })
      ->group(group);
  given(app.add_option("--octaves", flags_.octaves, "Number of octaves (image scales)"),
        [this](DreamParams& p) { p.octaves = flags_.octaves; })
      ->group(group);
  given(app.add_option("--octave-scale", flags_.octave_scale, "Size ratio between octaves"),
        [this](DreamParams& p) { p.octave_scale = flags_.octave_scale; })
      ->group(group);
  given(app.add_option("--octave-mode", octave_mode_,
                       "progressive: small to large, detail carried up (the classic); cycle: each step at the next "
                       "octave in turn (live dreaming)"),
        [this](DreamParams& p) { p.octave_mode = parse_octave_mode(octave_mode_); })
      ->group(group);
  given(app.add_option("--jitter", flags_.jitter, "Random roll of up to N pixels before each step, undone after"),
        [this](DreamParams& p) { p.jitter = flags_.jitter; })
      ->group(group);
  given(app.add_option("--precondition", precondition_,
                       "Shape the gradient before each step: none (the tutorial), laplacian (Laplacian-pyramid "
                       "normalisation), fourier (Lucid's decorrelated 1/f spectrum), smooth (a cascade of Gaussian "
                       "blurs): the last three grow larger, less noisy structures"),
        [this](DreamParams& p) { p.precondition = parse_precondition(precondition_); })
      ->group(group);
  given(app.add_option("--transforms", transforms_,
                       "What moves the picture before each gradient: roll (the tutorial's --jitter roll) or robust "
                       "(Lucid's pad, jitter, random scale +-10% and rotation +-10 degrees, seeded)"),
        [this](DreamParams& p) { p.transforms = parse_transforms(transforms_); })
      ->group(group);
  given(app.add_option("--tile", flags_.tile, "Compute gradients in tiles of N px for larger images (memory bound); 0: never"),
        [this](DreamParams& p) { p.tile = flags_.tile; })
      ->group(group);
  given(app.add_option("--max-dim", flags_.max_dim, "Scale the input down to this longest side; 0: keep its size"),
        [this](DreamParams& p) { p.max_dim = flags_.max_dim; })
      ->group(group);
  given(app.add_option("--seed", flags_.seed, "Seed of the jitter: the same seed and parameters give the same dream"),
        [this](DreamParams& p) { p.seed = flags_.seed; })
      ->group(group);
  given(app.add_option("--device", flags_.device, "auto | cpu | cuda"), [this](DreamParams& p) { p.device = flags_.device; })
      ->group(group);
  given(app.add_option("--dtype", flags_.dtype,
                       "float32 | float16 (CUDA; on the CPU slow, for verification) | bfloat16 | float64 (slow; for verification)"),
        [this](DreamParams& p) { p.dtype = flags_.dtype; })
      ->group(group);
  given(app.add_option("--guide", flags_.guide,
                       "Guide image (path or URL): dream towards the features of this picture (the Google notebook's "
                       "controlled dreams)"),
        [this](DreamParams& p) { p.guide = flags_.guide; })
      ->group(group);
  const char* feedback = "Feedback between steps (endless dreams)";
  given(app.add_option("--zoom", flags_.zoom, "Zoom factor per step, about the centre (>1 zooms in)"),
        [this](DreamParams& p) { p.zoom = flags_.zoom; })
      ->group(feedback);
  given(app.add_option("--rotate", flags_.rotate_deg, "Rotation per step in degrees, counter-clockwise"),
        [this](DreamParams& p) { p.rotate_deg = flags_.rotate_deg; })
      ->group(feedback);
  given(app.add_option("--pan-x", flags_.pan_x, "Pan per step in pixels (positive: the view moves right)"),
        [this](DreamParams& p) { p.pan_x = flags_.pan_x; })
      ->group(feedback);
  given(app.add_option("--pan-y", flags_.pan_y, "Pan per step in pixels (positive: the view moves down)"),
        [this](DreamParams& p) { p.pan_y = flags_.pan_y; })
      ->group(feedback);
  given(app.add_option("--source-blend", flags_.source_blend,
                       "Fraction of the way back to the source image per step, 0..1"),
        [this](DreamParams& p) { p.source_blend = flags_.source_blend; })
      ->group(feedback);
  given(app.add_option("--border", border_,
                       "What fills the frame where a zoom-out, turn or pan uncovers it: source (the source image at "
                       "that place, fresh material for the dream), reflect (the picture mirrored at its edge), edge "
                       "(the edge pixels stretched out: streaks)"),
        [this](DreamParams& p) { p.border = parse_border_fill(border_); })
      ->group(feedback);

  const char* moving = "Moving input (videos, cameras)";
  given(app.add_option("--temporal", temporal_,
                       "How each video frame's dream starts from the last: flow (the last dream's residual carried "
                       "along the optical flow; steady, no ghosts), blend (mixed with the last dream, DeepDreamVideo's "
                       "way), off (every frame dreamt alone: flickers)"),
        [this](DreamParams& p) { p.temporal = parse_temporal_mode(temporal_); })
      ->group(moving);
  given(app.add_option("--temporal-decay", flags_.temporal_decay,
                       "flow: fraction of the carried residual kept per frame, 0..1 (lower: the dream follows the "
                       "video more closely and stays weaker)"),
        [this](DreamParams& p) { p.temporal_decay = flags_.temporal_decay; })
      ->group(moving);
  given(app.add_option("--temporal-blend", flags_.temporal_blend, "blend: weight of the last dream, 0..1"),
        [this](DreamParams& p) { p.temporal_blend = flags_.temporal_blend; })
      ->group(moving);

  for (auto& entry : given_) {
    CLI::Option* option = entry.first;
    const std::string name = option->get_name();
    if (name == "--layers") option->default_str(format_layers(defaults.layers));
    else if (name == "--loss") option->default_str(to_string(defaults.loss));
    else if (name == "--octave-mode") option->default_str(to_string(defaults.octave_mode));
    else if (name == "--border") option->default_str(to_string(defaults.border));
    else if (name == "--temporal") option->default_str(to_string(defaults.temporal));
    else if (name == "--precondition") option->default_str(to_string(defaults.precondition));
    else if (name == "--transforms") option->default_str(to_string(defaults.transforms));
    else if (name != "--model" && name != "--guide") option->capture_default_str();
  }
}

bool DreamOptions::any_given() const {
  for (const auto& entry : given_)
    if (entry.first->count() > 0) return true;
  return false;
}

DreamParams DreamOptions::resolve(const DreamParams& defaults) const {
  DreamParams params = defaults;
  if (!preset_.empty()) params = load_preset(preset_, params);
  if (!params_from_.empty()) params = params_from_png(params_from_, params);
  for (const auto& [option, apply] : given_)
    if (option->count() > 0) apply(params);
  validate(params);
  return params;
}

}  // namespace livedream::app
