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
#include "core/param_table.h"

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
  nlohmann::json out = nlohmann::json::object();
  for (const param::Row& row : param::table()) {
    if (row.per_layer) continue;  // inside "layers"
    const param::Value value = row.get(p, 0);
    if (row.kind == param::Kind::Number)
      out[row.key] = as_written(static_cast<float>(value.number));
    else if (row.kind == param::Kind::Whole)
      out[row.key] = static_cast<int64_t>(value.number);
    else
      out[row.key] = utf8(value.text);
  }
  return out;
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
// A key of the parameter table: its type, then the table's own check (the same range and message as
// every other surface), then its setter.
void read_row(const nlohmann::json& value, const std::string& key, DreamParams& p) {
  const param::Row* row = param::find(key);
  if (!row || row->per_layer) throw usage_error("unknown preset key '" + key + "'", "valid keys are those of assets/presets/classic.json");
  param::Value v;
  if (row->is_number()) {
    if (!value.is_number()) wrong_type(value, key);
    v.number = value.get<double>();
  } else {
    if (!value.is_string()) wrong_type(value, key);
    v.text = value.get<std::string>();
  }
  param::set(*row, p, 0, v, "preset key '" + key + "'");
}
}  // namespace

DreamParams params_from_json(const nlohmann::json& json, const DreamParams& base) {
  if (!json.is_object()) throw usage_error("a preset must be a JSON object", "see assets/presets/*.json for examples");
  DreamParams p = base;
  for (const auto& [key, value] : json.items()) {
    if (key == "layers" && value.is_array()) {
      p.layers.clear();
      for (const auto& item : value) {
        if (!item.is_object() || !item.contains("layer"))
          throw usage_error("each entry of 'layers' needs a 'layer' key", "e.g. {\"layer\": \"inception_4c\", \"weight\": 1.0}");
        LayerObjective l;
        for (const auto& [k, v] : item.items()) {
          if (k == "layer")
            read_key(v, k, l.layer);
          else if (k == "weight")
            read_key(v, k, l.weight);
          else if (k == "channels")
            read_key(v, k, l.channels);
          else if (k == "strongest")
            read_key(v, k, l.strongest);
          else if (k == "class")
            read_key(v, k, l.class_name);
          else if (k == "point") {
            if (!v.is_array() || v.size() != 2) wrong_type(v, k);
            l.point = RelativePoint{read_number<float>(v[0], k), read_number<float>(v[1], k)};
          } else
            throw usage_error("unknown key '" + k + "' in a layers entry", "use layer, weight, channels, point, strongest or class");
        }
        check_layer_term(l);
        p.layers.push_back(std::move(l));
      }
    } else if (key == "name" || key == "description") {
      continue;  // documentation fields of preset files
    } else {
      read_row(value, key, p);
    }
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
