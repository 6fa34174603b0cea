// Keyframed parameters for headless renders (`livedream render --keyframes FILE.json`): each
// parameter a track of keys at frames or seconds, numbers interpolated between keys, words
// (layers, loss, ...) switching at their key. The parameters, their names and ranges are the
// parameter table's (core/param_table: `livedream params`), so a keyframed render, a preset and an
// OSC performance speak of the same things.
//
// The file:
//   {
//     "unit": "frames",              // or "seconds" (at the render's --fps); default frames
//     "interpolation": "smooth",     // the tracks' default: linear | smooth | catmull-rom | step
//     "tracks": {
//       "zoom": [[0, 1.0], [90, 1.04], [180, 1.0]],
//       "rotate": {"interpolation": "linear", "keys": [[0, 0], [180, 1.5]]},
//       "layer/0/weight": [[0, 1.0], [120, 2.5]],
//       "layers": [[0, "inception_4c"], [120, "inception_4c,inception_3b:0.5"]]
//     }
//   }
// "model" is a word track too (a model file as --model takes it): at its key the render goes on
// from the frame reached with that model, whose layers the "layers" track must name.
// A track acts from its first key on (before it, the parameter is what the command line or preset
// says) and holds its last key's value after the last key.
#pragma once
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "core/param_table.h"

namespace livedream {

enum class Interpolation {
  Step,        // the last key's value until the next key
  Linear,      // straight lines between keys
  Smooth,      // smoothstep between each pair of keys: eases out of and into every key, never overshoots
  CatmullRom,  // a curve through every key whose speed is continuous across keys (tangents from the
               // neighbouring keys, flat at the first and last); it may overshoot between keys, and
               // is then clamped to the parameter's range
};
const char* to_string(Interpolation interpolation);

struct Keyframe {
  double at = 0;      // frame number, or seconds (Keyframes::in_seconds)
  double number = 0;  // numeric parameters
  std::string text;   // discrete ones
};

struct KeyframeTrack {
  std::string parameter;            // "zoom", "layer/0/weight", "layers", ...
  const param::Row* row = nullptr;  // its row of the parameter table, whose setter applies a value
  size_t layer = 0;                 // per-layer rows: N of layer/N/...
  Interpolation interpolation = Interpolation::Smooth;
  bool discrete = false;       // a word: switches at its keys (interpolation is Step)
  bool whole = false;          // a whole number (octaves, jitter): interpolated, then rounded
  double min = 0, max = 0;     // the parameter's range (numbers)
  std::vector<Keyframe> keys;  // by time, at least one

  // Whether the track acts at time t: from its first key on.
  bool acts_at(double t) const { return !keys.empty() && t >= keys.front().at; }
  // The track's number at time t (frames or seconds, as its keys). Numeric tracks only.
  double number_at(double t) const;
  // The key in force at time t (discrete tracks): the last at or before t, else the first.
  const Keyframe& key_at(double t) const;
};

struct Keyframes {
  std::string source_name;  // the file, for messages
  bool in_seconds = false;
  std::vector<KeyframeTrack> tracks;  // "layers" first, so layer/N/... keys apply to the new layers

  bool empty() const { return tracks.empty(); }
  // "keyframes (frames): zoom (linear, 2 keys) layers (step, 1 key)": what a render says it follows.
  std::string summary() const;
  // `base` with every track's value at video frame `frame` (keys in seconds: at frame / fps).
  // Throws livedream::Error (usage) naming the parameter when a value cannot apply (a layer N
  // the parameters do not have).
  DreamParams at(const DreamParams& base, int64_t frame, double fps) const;
  // The times a discrete value (model, layers, ...) may change: 0 and every key, sorted.
  std::vector<double> key_times() const;
  // Applies the tracks at frame 0 and at every key (the only times a discrete value changes), so
  // a render refuses bad keyframes before it starts. Throws livedream::Error naming the key.
  void check(const DreamParams& base, double fps) const;
};

// Parses and validates the JSON (format above). Throws livedream::Error (usage), one line naming
// `source_name` and the key: an unknown parameter, a value out of range or of the wrong type, keys
// out of order, a bad interpolation name, a parameter that cannot be keyed (max_dim, device, ...).
Keyframes keyframes_from_json_text(const std::string& text, const std::string& source_name);
Keyframes load_keyframes(const std::string& path);

}  // namespace livedream
