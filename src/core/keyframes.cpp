#include "core/keyframes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/file_io.h"
#include "core/param_table.h"

namespace livedream {
namespace {

using nlohmann::json;

const char* const kFix = "see the README's Keyframes section for the format";

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Interpolation parse_interpolation(const json& value, const std::string& where) {
  if (value.is_string()) {
    const std::string name = value.get<std::string>();
    if (name == "linear") return Interpolation::Linear;
    if (name == "smooth") return Interpolation::Smooth;
    if (name == "catmull-rom") return Interpolation::CatmullRom;
    if (name == "step") return Interpolation::Step;
  }
  throw usage_error(where + ": " + value.dump() + " is not an interpolation", "use linear, smooth, catmull-rom or step");
}

std::string known_parameters() {
  std::string out;
  for (const param::Row& row : param::table())
    if (row.keyframeable()) out += (out.empty() ? "" : ", ") + row.key;
  return out;
}

KeyframeTrack parse_track(const std::string& name, const json& value, Interpolation default_interpolation, const std::string& file,
                          const std::string& unit) {
  const std::string where = file + ": '" + name + "'";
  size_t layer = 0;
  const param::Row* row = param::find(name, &layer);
  if (name == "pan") throw usage_error(file + ": pan takes two numbers: key pan_x and pan_y instead", kFix);
  if (!row) throw usage_error(file + ": unknown parameter '" + name + "'", "the parameters are: " + known_parameters());
  if (!row->keyframeable()) throw usage_error(file + ": " + name + " cannot be keyed: " + row->not_keyed, kFix);
  KeyframeTrack track;
  track.parameter = name;
  track.row = row;
  track.layer = layer;
  track.discrete = !row->is_number();
  track.whole = row->kind == param::Kind::Whole;
  track.min = row->zero_means_off ? 0 : row->min;
  track.max = row->max;
  track.interpolation = track.discrete ? Interpolation::Step : default_interpolation;

  const json* keys = &value;
  if (value.is_object()) {
    for (const auto& [key, _] : value.items())
      if (key != "keys" && key != "interpolation")
        throw usage_error(where + " has an unknown key '" + key + "'", "a track object has keys and interpolation");
    if (!value.contains("keys")) throw usage_error(where + " has no keys", "give \"keys\": [[at, value], ...]");
    keys = &value.at("keys");
    if (value.contains("interpolation")) {
      const Interpolation chosen = parse_interpolation(value.at("interpolation"), where + " interpolation");
      if (track.discrete && chosen != Interpolation::Step)
        throw usage_error(where + " is a word: it switches at its keys and cannot be " + to_string(chosen),
                          "leave out its interpolation, or use step");
      track.interpolation = chosen;
    }
  }
  if (!keys->is_array() || keys->empty())
    throw usage_error(where + " needs a list of keys", "give [[at, value], ...], e.g. [[0, 1.0], [90, 1.04]]");

  const std::string takes = "'" + name + "' takes " + row->range_text();
  for (size_t i = 0; i < keys->size(); ++i) {
    const json& k = (*keys)[i];
    const std::string key_where = where + " key " + std::to_string(i);
    if (!k.is_array() || k.size() != 2 || !k[0].is_number())
      throw usage_error(key_where + " is not [" + unit + ", value]", "give each key as [at, value], e.g. [90, 1.04]");
    Keyframe key;
    key.at = k[0].get<double>();
    if (!std::isfinite(key.at) || key.at < 0)
      throw usage_error(key_where + ": " + unit + " " + k[0].dump() + " is negative or not finite", "keys start at 0");
    const std::string at_text = key_where + " (" + unit + " " + number_text(key.at) + ")";
    if (!track.keys.empty() && key.at <= track.keys.back().at)
      throw usage_error(
          where + ": keys out of order: " + unit + " " + number_text(key.at) + " comes after " + number_text(track.keys.back().at),
          "list each track's keys from the earliest, one per time");
    if (track.discrete) {
      if (!k[1].is_string()) throw usage_error(at_text + ": " + k[1].dump() + " is not a string", takes);
      key.text = k[1].get<std::string>();
    } else {
      if (!k[1].is_number()) throw usage_error(at_text + ": " + k[1].dump() + " is not a number", takes);
      key.number = k[1].get<double>();
    }
    // The parameter table's check: the same range, words and message as every other surface.
    if (const std::string why = param::problem(*row, {key.number, key.text}); !why.empty())
      throw usage_error(at_text + ": " + why, row->kind == param::Kind::Text ? "" : takes);
    track.keys.push_back(std::move(key));
  }
  return track;
}

void apply_track(const KeyframeTrack& track, double t, DreamParams& params, const std::string& subject) {
  param::Value value;
  if (track.discrete) {
    value.text = track.key_at(t).text;
  } else {
    double v = std::clamp(track.number_at(t), track.min, track.max);  // Catmull-Rom may overshoot
    if (track.whole) v = std::round(v);
    if (track.row->zero_means_off && v > 0 && v < track.row->min) v = track.row->min;  // tile 0 -> 64: off, then the smallest tile
    value.number = v;
  }
  param::set(*track.row, params, track.layer, value, subject);
}

DreamParams apply_all(const Keyframes& k, DreamParams params, double t) {
  for (const auto& track : k.tracks) {
    if (!track.acts_at(t)) continue;
    apply_track(track, t, params,
                k.source_name + ": '" + track.parameter + "' at " + (k.in_seconds ? "second " : "frame ") + number_text(t));
  }
  return params;
}

}  // namespace

const char* to_string(Interpolation interpolation) {
  switch (interpolation) {
    case Interpolation::Step: return "step";
    case Interpolation::Linear: return "linear";
    case Interpolation::Smooth: return "smooth";
    case Interpolation::CatmullRom: return "catmull-rom";
  }
  return "smooth";
}

const Keyframe& KeyframeTrack::key_at(double t) const {
  size_t i = 0;
  while (i + 1 < keys.size() && keys[i + 1].at <= t) ++i;
  return keys[i];
}

double KeyframeTrack::number_at(double t) const {
  const size_t n = keys.size();
  if (n == 1 || t <= keys.front().at) return keys.front().number;
  if (t >= keys.back().at) return keys.back().number;
  size_t i = 0;
  while (keys[i + 1].at <= t) ++i;
  const double t0 = keys[i].at, t1 = keys[i + 1].at, p0 = keys[i].number, p1 = keys[i + 1].number;
  const double u = (t - t0) / (t1 - t0);
  switch (interpolation) {
    case Interpolation::Step: return p0;
    case Interpolation::Linear: return p0 + (p1 - p0) * u;
    case Interpolation::Smooth: return p0 + (p1 - p0) * u * u * (3 - 2 * u);
    case Interpolation::CatmullRom: {
      // Cubic Hermite with Catmull-Rom tangents for uneven key spacing (per unit of time), zero
      // at the first and last key.
      auto tangent = [&](size_t k) {
        if (k == 0 || k + 1 >= n) return 0.0;
        return (keys[k + 1].number - keys[k - 1].number) / (keys[k + 1].at - keys[k - 1].at);
      };
      const double m0 = tangent(i) * (t1 - t0), m1 = tangent(i + 1) * (t1 - t0);
      const double u2 = u * u, u3 = u2 * u;
      return (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * p1 + (u3 - u2) * m1;
    }
  }
  return p0;
}

DreamParams Keyframes::at(const DreamParams& base, int64_t frame, double fps) const {
  return apply_all(*this, base, in_seconds ? static_cast<double>(frame) / fps : static_cast<double>(frame));
}

std::string Keyframes::summary() const {
  std::string out = std::string("keyframes (") + (in_seconds ? "seconds" : "frames") + "):";
  for (const auto& t : tracks)
    out += " " + t.parameter + " (" + to_string(t.interpolation) + ", " + std::to_string(t.keys.size()) +
           (t.keys.size() == 1 ? " key)" : " keys)");
  return out;
}

std::vector<double> Keyframes::key_times() const {
  std::vector<double> times = {0.0};
  for (const auto& track : tracks)
    for (const auto& key : track.keys) times.push_back(key.at);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

void Keyframes::check(const DreamParams& base, double fps) const {
  (void)fps;
  for (double t : key_times()) {
    const DreamParams at_key = apply_all(*this, base, t);
    try {
      validate(at_key);
    } catch (const Error& e) {
      throw usage_error(source_name + ": at " + (in_seconds ? "second " : "frame ") + number_text(t) + ": " + e.what(), "");
    }
  }
}

Keyframes keyframes_from_json_text(const std::string& text, const std::string& source_name) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw usage_error(source_name + " is not valid JSON: " + std::string(e.what()), kFix);
  }
  if (!j.is_object()) throw usage_error(source_name + " is not a JSON object", kFix);
  for (const auto& [key, _] : j.items())
    if (key != "unit" && key != "interpolation" && key != "tracks" && key != "description")
      throw usage_error(source_name + ": unknown key '" + key + "'", "the keys are unit, interpolation, tracks and description");
  Keyframes k;
  k.source_name = source_name;
  if (j.contains("unit")) {
    const json& unit = j.at("unit");
    if (unit == "seconds")
      k.in_seconds = true;
    else if (unit != "frames")
      throw usage_error(source_name + ": unit " + unit.dump() + " is neither frames nor seconds", kFix);
  }
  const Interpolation default_interpolation =
      j.contains("interpolation") ? parse_interpolation(j.at("interpolation"), source_name + ": interpolation") : Interpolation::Smooth;
  if (!j.contains("tracks") || !j.at("tracks").is_object() || j.at("tracks").empty())
    throw usage_error(source_name + " has no tracks", "give \"tracks\": {\"zoom\": [[0, 1.0], [90, 1.04]]}");
  for (const auto& [name, value] : j.at("tracks").items())
    k.tracks.push_back(parse_track(name, value, default_interpolation, source_name, k.in_seconds ? "second" : "frame"));
  // The whole list of layers first: layer/N/... keys then edit the layers in force.
  // The model before them: its layers are what the layers name.
  auto rank = [](const KeyframeTrack& t) { return t.parameter == "model" ? 0 : t.parameter == "layers" ? 1 : 2; };
  std::stable_sort(k.tracks.begin(), k.tracks.end(), [&](const KeyframeTrack& a, const KeyframeTrack& b) { return rank(a) < rank(b); });
  return k;
}

Keyframes load_keyframes(const std::string& path) { return keyframes_from_json_text(read_file_text(path, "keyframes file"), path); }

}  // namespace livedream
