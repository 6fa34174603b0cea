#include "core/dream_params.h"

#include "core/error.h"
#include "core/param_table.h"

namespace livedream {

// Every range is the parameter table's (core/param_table): the same limits and the same words as
// the command line, presets, OSC, keyframes and the viewer's fields.
void validate(const DreamParams& p) {
  if (p.layers.empty()) throw usage_error("no layers to dream on", "give at least one layer, e.g. --layers inception_4c");
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const LayerObjective& l = p.layers[i];
    if (l.layer.empty()) throw usage_error("a layer name is empty", "use --layers name[:channel][:weight],...");
    const param::Row& weight = *param::find("layer/0/weight");
    if (const std::string why = param::problem(weight, {l.weight, {}}); !why.empty())
      throw usage_error("weight of layer " + l.layer + ": " + why, "use a weight in " + weight.range_text() + ", e.g. 1.0");
    for (int c : l.channels)
      if (c < 0) throw usage_error("channel " + std::to_string(c) + " of layer " + l.layer + " is negative", "channels count from 0");
    check_layer_term(l);
  }
  for (const param::Row& row : param::table()) {
    if (row.per_layer || row.kind == param::Kind::Text) continue;  // layers above; paths are checked when opened
    const param::Value value = row.get(p, 0);
    if (const std::string why = param::problem(row, value); !why.empty()) throw usage_error(row.label + ": " + why, param::fix(row));
  }
}

DreamParams without_feedback(DreamParams params) {
  params.zoom = 1.0f;
  params.rotate_deg = params.pan_x = params.pan_y = params.source_blend = 0.0f;
  return params;
}

// A value outside the enum (a cast, a corrupted settings file) is "?", which validate() refuses.
const char* to_string(LossKind loss) { return loss == LossKind::Mean ? "mean" : loss == LossKind::MeanSquare ? "mean-square" : "?"; }
const char* to_string(OctaveMode mode) {
  return mode == OctaveMode::Progressive ? "progressive" : mode == OctaveMode::Cycle ? "cycle" : "?";
}
const char* to_string(BorderFill fill) {
  switch (fill) {
    case BorderFill::Reflect: return "reflect";
    case BorderFill::Source: return "source";
    case BorderFill::Edge: return "edge";
  }
  return "?";
}

const char* to_string(TemporalMode mode) {
  switch (mode) {
    case TemporalMode::Flow: return "flow";
    case TemporalMode::Blend: return "blend";
    case TemporalMode::Off: return "off";
  }
  return "?";
}

const char* to_string(Precondition mode) {
  switch (mode) {
    case Precondition::None: return "none";
    case Precondition::Laplacian: return "laplacian";
    case Precondition::Fourier: return "fourier";
    case Precondition::Smooth: return "smooth";
  }
  return "?";
}

const char* to_string(Transforms mode) { return mode == Transforms::Robust ? "robust" : mode == Transforms::Roll ? "roll" : "?"; }

LossKind parse_loss(const std::string& text) {
  if (text == "mean" || text == "tutorial") return LossKind::Mean;
  if (text == "mean-square" || text == "caffe") return LossKind::MeanSquare;
  throw usage_error("unknown loss '" + text + "'", "use mean (the TensorFlow tutorial's) or mean-square (the Caffe notebook's)");
}

OctaveMode parse_octave_mode(const std::string& text) {
  if (text == "progressive") return OctaveMode::Progressive;
  if (text == "cycle") return OctaveMode::Cycle;
  throw usage_error("unknown octave mode '" + text + "'", "use progressive or cycle");
}

BorderFill parse_border_fill(const std::string& text) {
  if (text == "reflect") return BorderFill::Reflect;
  if (text == "source") return BorderFill::Source;
  if (text == "edge") return BorderFill::Edge;
  throw usage_error("unknown border fill '" + text + "'", "use --border reflect, source or edge");
}

TemporalMode parse_temporal_mode(const std::string& text) {
  if (text == "flow") return TemporalMode::Flow;
  if (text == "blend") return TemporalMode::Blend;
  if (text == "off") return TemporalMode::Off;
  throw usage_error("unknown temporal mode '" + text + "'",
                    "use flow (carry the dream along the motion), blend (mix with the last dream) or off (every frame alone)");
}

Precondition parse_precondition(const std::string& text) {
  if (text == "none") return Precondition::None;
  if (text == "laplacian") return Precondition::Laplacian;
  if (text == "fourier") return Precondition::Fourier;
  if (text == "smooth") return Precondition::Smooth;
  throw usage_error("unknown precondition '" + text + "'", "use --precondition none, laplacian, fourier or smooth");
}

Transforms parse_transforms(const std::string& text) {
  if (text == "roll") return Transforms::Roll;
  if (text == "robust") return Transforms::Robust;
  throw usage_error("unknown transforms '" + text + "'",
                    "use --transforms roll (the tutorial's jitter) or robust (Lucid's pad, jitter, scale and rotation)");
}

}  // namespace livedream
