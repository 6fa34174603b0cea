#include "core/dream_params.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace livedream {
namespace {

template <typename T>
void check_range(const char* name, T value, T lo, T hi, const std::string& fix) {
  if (!(value >= lo && value <= hi)) {  // written so NaN fails too
    std::string shown = std::isnan(static_cast<double>(value)) ? "NaN" : nlohmann::json(value).dump();
    throw usage_error(std::string(name) + " is " + shown + ", outside " + nlohmann::json(lo).dump() + ".." +
                          nlohmann::json(hi).dump(),
                      fix);
  }
}

}  // namespace

void validate(const DreamParams& p) {
  if (p.layers.empty()) throw usage_error("no layers to dream on", "give at least one layer, e.g. --layers inception_4c");
  for (const auto& l : p.layers) {
    if (l.layer.empty()) throw usage_error("a layer name is empty", "use --layers name[:channel][:weight],...");
    if (!std::isfinite(l.weight)) throw usage_error("weight of layer " + l.layer + " is not a number", "use a finite weight like 1.0");
    for (int c : l.channels)
      if (c < 0) throw usage_error("channel " + std::to_string(c) + " of layer " + l.layer + " is negative", "channels count from 0");
    check_layer_term(l);
  }
  // The range the slider and OSC take (a step of 1 already moves pixels by a standard deviation
  // of the gradient: past it the picture is noise).
  if (!(p.step_size >= 0.00001f && p.step_size <= 1.0f))
    throw usage_error("step size must be between 0.00001 and 1, got " + (std::isnan(p.step_size) ? std::string("NaN") : nlohmann::json(p.step_size).dump()),
                      "use e.g. --step-size 0.01");
  check_range("steps", p.steps, 0, 1'000'000, "use --steps between 0 and 1000000");
  check_range("octaves", p.octaves, 1, 16, "use --octaves between 1 and 16");
  // 1.01 at least, as the slider and OSC: a ratio nearer 1 makes octaves of the same size.
  if (!(p.octave_scale >= 1.01f) || !(p.octave_scale <= 4.0f))
    throw usage_error("octave scale must be between 1.01 and 4, got " + nlohmann::json(p.octave_scale).dump(), "use e.g. --octave-scale 1.4");
  check_range("jitter", p.jitter, 0, 4096, "use --jitter between 0 and 4096 pixels");
  if (p.tile != 0) check_range("tile", p.tile, 64, 8192, "use --tile 0 (no tiling) or 64..8192");
  check_range("max-dim", p.max_dim, 0, 16384, "use --max-dim 0 (keep) or up to 16384");
  check_range("zoom", p.zoom, 0.5f, 2.0f, "use a per-step zoom near 1, e.g. 1.01");
  check_range("rotate", p.rotate_deg, -45.0f, 45.0f, "use a per-step rotation in degrees between -45 and 45");
  check_range("pan-x", p.pan_x, -512.0f, 512.0f, "use a per-step pan between -512 and 512 pixels");
  check_range("pan-y", p.pan_y, -512.0f, 512.0f, "use a per-step pan between -512 and 512 pixels");
  check_range("source-blend", p.source_blend, 0.0f, 1.0f, "use a fraction between 0 and 1");
  if (p.border != BorderFill::Reflect && p.border != BorderFill::Source && p.border != BorderFill::Edge)
    throw usage_error("border fill " + std::to_string(static_cast<int>(p.border)) + " is not one of the three",
                      "use --border reflect, source or edge");
  if (static_cast<unsigned>(p.precondition) > static_cast<unsigned>(Precondition::Smooth))
    throw usage_error("precondition " + std::to_string(static_cast<int>(p.precondition)) + " is not one of the four",
                      "use --precondition none, laplacian, fourier or smooth");
  if (p.transforms != Transforms::Roll && p.transforms != Transforms::Robust)
    throw usage_error("transforms " + std::to_string(static_cast<int>(p.transforms)) + " is not roll or robust",
                      "use --transforms roll or robust");
  check_range("guide-cosine-power", p.guide_cosine_power, 0.0f, 8.0f,
              "use --guide-cosine-power 0 (the best-match guide) or up to 8 (1 is Lucid's usual)");
  check_range("temporal-decay", p.temporal_decay, 0.0f, 1.0f, "use a fraction between 0 (frames dreamt alone) and 1 (the residual kept whole)");
  check_range("temporal-blend", p.temporal_blend, 0.0f, 1.0f, "use a fraction between 0 (the source only) and 1 (the last dream only)");
  if (p.device != "auto" && p.device != "cpu" && p.device != "cuda")
    throw usage_error("unknown device '" + p.device + "'", "use --device auto, cpu or cuda");
  if (p.dtype != "float32" && p.dtype != "float16" && p.dtype != "float64" && p.dtype != "bfloat16")
    throw usage_error("unknown dtype '" + p.dtype + "'", "use --dtype float32, float16, float64 or bfloat16");
}

const char* to_string(LossKind loss) { return loss == LossKind::Mean ? "mean" : "mean-square"; }
const char* to_string(OctaveMode mode) { return mode == OctaveMode::Progressive ? "progressive" : "cycle"; }
const char* to_string(BorderFill fill) {
  switch (fill) {
    case BorderFill::Reflect: return "reflect";
    case BorderFill::Source: return "source";
    case BorderFill::Edge: return "edge";
  }
  return "reflect";
}

const char* to_string(TemporalMode mode) {
  switch (mode) {
    case TemporalMode::Flow: return "flow";
    case TemporalMode::Blend: return "blend";
    case TemporalMode::Off: return "off";
  }
  return "flow";
}

const char* to_string(Precondition mode) {
  switch (mode) {
    case Precondition::None: return "none";
    case Precondition::Laplacian: return "laplacian";
    case Precondition::Fourier: return "fourier";
    case Precondition::Smooth: return "smooth";
  }
  return "none";
}

const char* to_string(Transforms mode) { return mode == Transforms::Robust ? "robust" : "roll"; }

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
