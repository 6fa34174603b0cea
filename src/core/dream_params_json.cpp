// DreamParams as JSON: presets, the PNG text chunk and session timelines read and write the same
// keys as the struct's fields. Kept apart from dream_params.cpp (the parameters' names, ranges and
// the layer-spec grammar): this file is the untrusted-input boundary (fuzz_preset) with its own
// number-range checks.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/error.h"

namespace livedream {

namespace {
// JSON strings must be UTF-8, but paths and layer names from the command line need not be (Linux
// file names are bytes), and dump() throws on invalid UTF-8 (found by fuzz_preset). Invalid bytes
// become U+FFFD here, so that to_json(params).dump() never throws.
std::string utf8(const std::string& text) {
  const auto replaced = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(replaced).get<std::string>();
}

// A float as people wrote it: the shortest decimal that reads back as the same float (0.02, not
// the 0.019999999552965164 its double widening prints), as a double. Presets, PNG chunks,
// sidecars, timelines and stats all write parameters through here.
double as_written(float value) {
  if (!std::isfinite(value)) return value;
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);
  double shortest = value;
  std::from_chars(text, written.ptr, shortest);
  return shortest;
}
}  // namespace

nlohmann::json to_json(const DreamParams& p) {
  return {
      {"model", utf8(p.model)},   {"layers", utf8(format_layers(p.layers))},
      {"loss", to_string(p.loss)}, {"step_size", as_written(p.step_size)},
      {"steps", p.steps},         {"octaves", p.octaves},
      {"octave_scale", as_written(p.octave_scale)}, {"octave_mode", to_string(p.octave_mode)},
      {"jitter", p.jitter},       {"tile", p.tile},
      {"precondition", to_string(p.precondition)}, {"transforms", to_string(p.transforms)},
      {"max_dim", p.max_dim},     {"seed", p.seed},
      {"zoom", as_written(p.zoom)}, {"rotate", as_written(p.rotate_deg)},
      {"pan_x", as_written(p.pan_x)}, {"pan_y", as_written(p.pan_y)},
      {"source_blend", as_written(p.source_blend)}, {"border", to_string(p.border)},
      {"guide", utf8(p.guide)},   {"guide_cosine_power", as_written(p.guide_cosine_power)},
      {"temporal", to_string(p.temporal)}, {"temporal_decay", as_written(p.temporal_decay)},
      {"temporal_blend", as_written(p.temporal_blend)},
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
            else if (k == "strongest") read_key(v, k, l.strongest);
            else if (k == "class") read_key(v, k, l.class_name);
            else if (k == "point") {
              if (!v.is_array() || v.size() != 2) wrong_type(v, k);
              l.point = RelativePoint{read_number<float>(v[0], k), read_number<float>(v[1], k)};
            } else throw usage_error("unknown key '" + k + "' in a layers entry", "use layer, weight, channels, point, strongest or class");
          }
          check_layer_term(l);
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
    else if (key == "guide_cosine_power") read_key(value, key, p.guide_cosine_power);
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
