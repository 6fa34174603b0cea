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
  }
  if (!(p.step_size > 0.0f) || !std::isfinite(p.step_size))
    throw usage_error("step size must be a positive number, got " + (std::isnan(p.step_size) ? std::string("NaN") : nlohmann::json(p.step_size).dump()),
                      "use e.g. --step-size 0.01");
  check_range("steps", p.steps, 0, 1'000'000, "use --steps between 0 and 1000000");
  check_range("octaves", p.octaves, 1, 16, "use --octaves between 1 and 16");
  if (!(p.octave_scale > 1.0f) || !(p.octave_scale <= 4.0f))
    throw usage_error("octave scale must be above 1 and at most 4, got " + nlohmann::json(p.octave_scale).dump(), "use e.g. --octave-scale 1.4");
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

namespace {
std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}
bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }
}  // namespace

std::vector<LayerObjective> parse_layers(const std::string& spec) {
  const std::string fix = "use name[:channel[+channel...]][:weight],... e.g. inception_4c:97 or mixed3:1.0,mixed5:1.0";
  std::vector<LayerObjective> layers;
  for (const std::string& item : split(spec, ',')) {
    const auto fields = split(item, ':');
    LayerObjective objective;
    objective.layer = fields[0];
    if (objective.layer.empty()) throw usage_error("empty layer name in '" + spec + "'", fix);
    bool have_weight = false;
    for (size_t i = 1; i < fields.size(); ++i) {
      const std::string& f = fields[i];
      if (f.find('.') != std::string::npos || f.find('e') != std::string::npos || f.find('-') == 0) {
        if (have_weight) throw usage_error("layer '" + item + "' has two weights", fix);
        size_t used = 0;
        try {
          objective.weight = std::stof(f, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != f.size() || !std::isfinite(objective.weight))
          throw usage_error("bad weight '" + f + "' in layer spec '" + item + "'", fix);
        have_weight = true;
      } else {
        for (const std::string& c : split(f, '+')) {
          if (!all_digits(c) || c.size() > 6) throw usage_error("bad channel '" + c + "' in layer spec '" + item + "'", fix);
          objective.channels.push_back(std::stoi(c));
        }
      }
    }
    layers.push_back(std::move(objective));
  }
  return layers;
}

std::string format_layers(const std::vector<LayerObjective>& layers) {
  std::string out;
  for (const auto& l : layers) {
    if (!out.empty()) out += ',';
    out += l.layer;
    if (!l.channels.empty()) {
      out += ':';
      for (size_t i = 0; i < l.channels.size(); ++i) {
        if (i) out += '+';
        out += std::to_string(l.channels[i]);
      }
    }
    if (l.weight != 1.0f) {
      std::string w = nlohmann::json(l.weight).dump();
      if (w.find_first_of(".e") == std::string::npos) w += ".0";
      out += ':' + w;
    }
  }
  return out;
}

namespace {
// JSON strings must be UTF-8, but paths and layer names from the command line need not be (Linux
// file names are bytes), and dump() throws on invalid UTF-8 (found by fuzz_preset). Invalid bytes
// become U+FFFD here, so that to_json(params).dump() never throws.
std::string utf8(const std::string& text) {
  const auto replaced = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(replaced).get<std::string>();
}
}  // namespace

nlohmann::json to_json(const DreamParams& p) {
  return {
      {"model", utf8(p.model)},   {"layers", utf8(format_layers(p.layers))},
      {"loss", to_string(p.loss)}, {"step_size", p.step_size},
      {"steps", p.steps},         {"octaves", p.octaves},
      {"octave_scale", p.octave_scale}, {"octave_mode", to_string(p.octave_mode)},
      {"jitter", p.jitter},       {"tile", p.tile},
      {"precondition", to_string(p.precondition)}, {"transforms", to_string(p.transforms)},
      {"max_dim", p.max_dim},     {"seed", p.seed},
      {"zoom", p.zoom},           {"rotate", p.rotate_deg},
      {"pan_x", p.pan_x},         {"pan_y", p.pan_y},
      {"source_blend", p.source_blend}, {"border", to_string(p.border)},
      {"guide", utf8(p.guide)},
      {"temporal", to_string(p.temporal)}, {"temporal_decay", p.temporal_decay},
      {"temporal_blend", p.temporal_blend},
      {"device", utf8(p.device)}, {"dtype", utf8(p.dtype)},
  };
}

namespace {
[[noreturn]] void wrong_type(const nlohmann::json& value, const std::string& key) {
  throw usage_error("preset key '" + key + "' has the wrong type (" + std::string(value.type_name()) + ")",
                    "see assets/presets/*.json for examples");
}

// Numbers are checked before conversion: nlohmann's get<int>() on 1e300 or 4294967297 is undefined
// or wraps silently (found by fuzz_preset).
template <typename T>
T read_number(const nlohmann::json& value, const std::string& key) {
  if (!value.is_number()) wrong_type(value, key);
  if constexpr (std::is_integral_v<T>) {
    using limits = std::numeric_limits<T>;
    if (value.is_number_unsigned()) {
      if (value.get<uint64_t>() <= static_cast<uint64_t>(limits::max())) return static_cast<T>(value.get<uint64_t>());
    } else if (value.is_number_integer()) {
      const int64_t v = value.get<int64_t>();
      if (v >= 0 ? static_cast<uint64_t>(v) <= static_cast<uint64_t>(limits::max())
                 : limits::is_signed && v >= static_cast<int64_t>(limits::min()))
        return static_cast<T>(v);
    } else {
      const double v = value.get<double>();
      if (v != std::floor(v)) throw usage_error("preset key '" + key + "' must be a whole number, got " + value.dump(), "e.g. 20");
      // The bounds are exact powers of two as doubles; the conversion below is then defined.
      const double lo = limits::is_signed ? -std::ldexp(1.0, limits::digits) : 0.0;
      const double hi = std::ldexp(1.0, limits::digits);
      if (v >= lo && v < hi) return static_cast<T>(v);
    }
    throw usage_error("preset key '" + key + "' is " + value.dump() + ", out of range", "see assets/presets/*.json for sensible values");
  } else {
    const double v = value.get<double>();
    if (!(std::fabs(v) <= static_cast<double>(std::numeric_limits<T>::max())))
      throw usage_error("preset key '" + key + "' is " + value.dump() + ", out of range", "see assets/presets/*.json for sensible values");
    return static_cast<T>(v);
  }
}

template <typename T>
void read_key(const nlohmann::json& value, const std::string& key, T& out) {
  if constexpr (std::is_arithmetic_v<T>) {
    out = read_number<T>(value, key);
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    if (!value.is_array()) wrong_type(value, key);
    out.clear();
    for (const auto& item : value) out.push_back(read_number<int>(item, key));
  } else {
    if (!value.is_string()) wrong_type(value, key);
    out = value.get<std::string>();
  }
}
}  // namespace

DreamParams params_from_json(const nlohmann::json& json, const DreamParams& base) {
  if (!json.is_object()) throw usage_error("a preset must be a JSON object", "see assets/presets/*.json for examples");
  DreamParams p = base;
  for (const auto& [key, value] : json.items()) {
    if (key == "model") read_key(value, key, p.model);
    else if (key == "layers") {
      if (value.is_string()) p.layers = parse_layers(value.get<std::string>());
      else if (value.is_array()) {
        p.layers.clear();
        for (const auto& item : value) {
          if (!item.is_object() || !item.contains("layer"))
            throw usage_error("each entry of 'layers' needs a 'layer' key", "e.g. {\"layer\": \"inception_4c\", \"weight\": 1.0}");
          LayerObjective l;
          for (const auto& [k, v] : item.items()) {
            if (k == "layer") read_key(v, k, l.layer);
            else if (k == "weight") read_key(v, k, l.weight);
            else if (k == "channels") read_key(v, k, l.channels);
            else throw usage_error("unknown key '" + k + "' in a layers entry", "use layer, weight and channels");
          }
          p.layers.push_back(std::move(l));
        }
      } else throw usage_error("preset key 'layers' must be a string or a list", "e.g. \"inception_4c\"");
    }
    else if (key == "loss") { std::string s; read_key(value, key, s); p.loss = parse_loss(s); }
    else if (key == "step_size") read_key(value, key, p.step_size);
    else if (key == "steps") read_key(value, key, p.steps);
    else if (key == "octaves") read_key(value, key, p.octaves);
    else if (key == "octave_scale") read_key(value, key, p.octave_scale);
    else if (key == "octave_mode") { std::string s; read_key(value, key, s); p.octave_mode = parse_octave_mode(s); }
    else if (key == "jitter") read_key(value, key, p.jitter);
    else if (key == "tile") read_key(value, key, p.tile);
    else if (key == "precondition") { std::string s; read_key(value, key, s); p.precondition = parse_precondition(s); }
    else if (key == "transforms") { std::string s; read_key(value, key, s); p.transforms = parse_transforms(s); }
    else if (key == "max_dim") read_key(value, key, p.max_dim);
    else if (key == "seed") read_key(value, key, p.seed);
    else if (key == "zoom") read_key(value, key, p.zoom);
    else if (key == "rotate") read_key(value, key, p.rotate_deg);
    else if (key == "pan_x") read_key(value, key, p.pan_x);
    else if (key == "pan_y") read_key(value, key, p.pan_y);
    else if (key == "source_blend") read_key(value, key, p.source_blend);
    else if (key == "border") { std::string s; read_key(value, key, s); p.border = parse_border_fill(s); }
    else if (key == "guide") read_key(value, key, p.guide);
    else if (key == "temporal") { std::string s; read_key(value, key, s); p.temporal = parse_temporal_mode(s); }
    else if (key == "temporal_decay") read_key(value, key, p.temporal_decay);
    else if (key == "temporal_blend") read_key(value, key, p.temporal_blend);
    else if (key == "device") read_key(value, key, p.device);
    else if (key == "dtype") read_key(value, key, p.dtype);
    else if (key == "name" || key == "description") continue;  // documentation fields of preset files
    else throw usage_error("unknown preset key '" + key + "'", "valid keys are those of assets/presets/classic.json");
  }
  return p;
}

DreamParams params_from_json_text(const std::string& text, const std::string& source_name, const DreamParams& base) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e99999 (fuzz_preset)
    throw usage_error("preset " + source_name + " is not valid JSON: " + first_line(e.what()), "fix the file's syntax");
  }
  return params_from_json(json, base);
}

}  // namespace livedream
