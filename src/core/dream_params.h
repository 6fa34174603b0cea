// Every parameter of a dream, in one plain struct shared by the engine, the CLI, the viewer's
// panels, presets (JSON) and the PNG text chunk that makes a dream reproducible.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/layer_spec.h"

namespace livedream {

enum class LossKind {
  Mean,        // TensorFlow tutorial: loss = mean activation, gradient / (std + 1e-8)
  MeanSquare,  // Caffe notebook: loss = mean of squared activation, gradient / mean |gradient|
};
enum class OctaveMode {
  Progressive,  // classic: small to large, `steps` steps per octave, detail re-injected on upscale
  Cycle,        // live: every step works at the next octave of a repeating cycle
};

// What the picture shows where a feedback zoom-out, turn or pan uncovers the frame (the moved
// picture no longer reaches there).
enum class BorderFill {
  Reflect,  // the picture mirrored at its edge (grid_sample's reflection padding)
  Source,   // the source image at that place, as it is: fresh material for the dream
  Edge,     // the edge pixels stretched outwards (clamp): streaks, for those who want them
};

// How the image gradient is shaped before the step (feature-visualization preconditioners). None
// is the tutorial's raw gradient; the others trade high-frequency noise for larger structures.
enum class Precondition {
  None,       // the gradient as it is (the tutorial, the Caffe notebook)
  Laplacian,  // Mordvintsev's lap_normalize: 4 Laplacian-pyramid bands, each divided by its RMS
  Fourier,    // Lucid's Fourier, colour-decorrelated parameterisation as a preconditioner (1/f spectrum)
  Smooth,     // gordicaleksa/pytorch-deepdream: the mean of three Gaussian blurs (a cascade of widths)
};

// What moves the picture the network sees before each gradient (undone on the gradient).
enum class Transforms {
  Roll,    // the tutorial's random roll by up to `jitter` pixels (and tile-sized rolls when tiled)
  Robust,  // Lucid's standard transforms: pad, jitter, random scale and rotation, through one
           // differentiable affine resample whose gradient maps back to the image
};

enum class TemporalMode {
  Flow,   // moving input: carry the dream's residual along the optical flow (the default)
  Blend,  // DeepDreamVideo: start each frame from a linear blend of the source and the last dream
  Off,    // every frame dreamt alone, from its source
};

struct DreamParams {
  std::string model;  // TorchScript path; empty: the default model
  std::vector<LayerObjective> layers = {{"inception_4c", 1.0f, {}}};
  LossKind loss = LossKind::Mean;
  float step_size = 0.01f;  // tutorial units: the image lives in [-1, 1]
  int steps = 20;           // per octave (progressive) or in all (cycle)
  int octaves = 1;
  float octave_scale = 1.4f;
  OctaveMode octave_mode = OctaveMode::Progressive;
  int jitter = 0;  // random roll of up to this many pixels before each step, undone after
  Precondition precondition = Precondition::None;
  Transforms transforms = Transforms::Roll;
  int tile = 512;     // gradients are computed in tiles of this size; 0: never tile
  int max_dim = 500;  // longest side the input is scaled down to; 0: keep
  uint64_t seed = 0;
  // Feedback between steps (endless dreams): one affine resample, then a pull towards the source.
  float zoom = 1.0f;        // scale factor per step (>1 zooms in)
  float rotate_deg = 0.0f;  // degrees per step, counter-clockwise
  float pan_x = 0.0f;       // pixels per step
  float pan_y = 0.0f;
  float source_blend = 0.0f;  // fraction of the way back to the source image per step, 0..1
  // What fills the frame where the feedback uncovers it. Source by default: a zoom-out uncovers
  // a ring a pixel or two wide every step, and mirrored (Reflect) or clamped (Edge) step after
  // step that ring converges to smeared edge pixels (tests/dream/test_border_fill.cpp measures it);
  // the source brings real picture there for the dream to work into.
  BorderFill border = BorderFill::Source;
  std::string guide;  // guide image path; empty: no guide
  // 0: the guide objective is the notebook's best match; p > 0: Lucid's direction objective with
  // cosine weighting, mean_i <x_i, d> * max(0.1, cos(x_i, d))^p, d the guide's mean direction.
  float guide_cosine_power = 0.0f;
  // Moving input (videos, cameras): how each frame's dream starts from the last one.
  TemporalMode temporal = TemporalMode::Flow;
  float temporal_decay = 1.0f;  // flow: fraction of the warped residual carried over, 0..1
  float temporal_blend = 0.5f;  // blend: weight of the last dream, 0..1
  // flow and blend: the step size on a carried frame, as a fraction of step_size, once the shot's
  // dream has had its whole schedule. The carried dream already holds the picture; a full step
  // per frame would re-draw its detail on pixels that should only move (bench/RESULTS.md,
  // "Steadier moving dreams": at 1 a pan flickers 3.3x its source, at 0.15 1.6x).
  float temporal_step = 0.15f;
  std::string device = "auto";    // auto | cpu | cuda
  std::string dtype = "float32";  // float32 | float16 (CUDA) | float64 | bfloat16 (CPU)

  bool operator==(const DreamParams&) const = default;
  bool has_feedback() const { return zoom != 1.0f || rotate_deg != 0.0f || pan_x != 0.0f || pan_y != 0.0f || source_blend != 0.0f; }
};

// Throws livedream::Error (usage) naming the parameter, its value and the allowed range.
void validate(const DreamParams& params);

// `params` with the feedback transform off (zoom 1, no turn, pan or source blend). Renders apply
// the feedback once per video frame and run the frame's ascent steps with these.
DreamParams without_feedback(DreamParams params);

const char* to_string(LossKind loss);          // "mean" | "mean-square"
const char* to_string(OctaveMode mode);        // "progressive" | "cycle"
const char* to_string(BorderFill fill);        // "reflect" | "source" | "edge"
const char* to_string(TemporalMode mode);      // "flow" | "blend" | "off"
const char* to_string(Precondition mode);      // "none" | "laplacian" | "fourier" | "smooth"
const char* to_string(Transforms mode);        // "roll" | "robust"
LossKind parse_loss(const std::string& text);  // also accepts "tutorial" and "caffe"
OctaveMode parse_octave_mode(const std::string& text);
BorderFill parse_border_fill(const std::string& text);
TemporalMode parse_temporal_mode(const std::string& text);
Precondition parse_precondition(const std::string& text);
Transforms parse_transforms(const std::string& text);

// JSON: the same keys as the struct fields (layers as a spec string or a list of objects).
// Unknown keys and wrong types are errors naming the key; numbers out of their type's range too.
// to_json writes invalid UTF-8 in strings (paths are bytes) as U+FFFD, so its dump() never throws.
nlohmann::json to_json(const DreamParams& params);
DreamParams params_from_json(const nlohmann::json& json, const DreamParams& base = {});
DreamParams params_from_json_text(const std::string& text, const std::string& source_name, const DreamParams& base = {});

}  // namespace livedream
