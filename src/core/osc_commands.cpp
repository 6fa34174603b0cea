#include "core/osc_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace livedream::osc {
namespace {

using Setter = void (*)(DreamParams&, const Command&);

// One address: its listing, the action, the range of its numbers (every number argument shares
// it), the words a text argument may be (empty: free text), and for parameters the edit.
struct Row {
  AddressInfo info;
  Action action = Action::SetParam;
  double lo = 0, hi = 0;
  std::vector<std::string> choices;
  Setter set = nullptr;
};

const char* const kFix = "livedream osc --list shows every address with its type tags and range";

std::vector<Row> make_rows() {
  using A = Action;
  std::vector<Row> rows = {
      {{"/livedream/step_size", "f", "0.00001..1", "ascent step size (the Step panel's slider)"}, A::SetParam, 0.00001, 1, {},
       [](DreamParams& p, const Command& c) { p.step_size = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/steps", "i", "0..1000000", "steps per octave (progressive) or per cycle"}, A::SetParam, 0, 1'000'000, {},
       [](DreamParams& p, const Command& c) { p.steps = static_cast<int>(c.numbers[0]); }},
      {{"/livedream/loss", "s", "mean or mean-square", "the objective's loss"}, A::SetParam, 0, 0, {"mean", "mean-square"},
       [](DreamParams& p, const Command& c) { p.loss = parse_loss(c.text); }},
      {{"/livedream/jitter", "i", "0..4096", "random roll before each step, pixels"}, A::SetParam, 0, 4096, {},
       [](DreamParams& p, const Command& c) { p.jitter = static_cast<int>(c.numbers[0]); }},
      {{"/livedream/precondition", "s", "none, laplacian, fourier or smooth", "how the gradient is shaped before each step"}, A::SetParam,
       0, 0, {"none", "laplacian", "fourier", "smooth"},
       [](DreamParams& p, const Command& c) { p.precondition = parse_precondition(c.text); }},
      {{"/livedream/transforms", "s", "roll or robust", "the roll only, or Lucid's pad/jitter/scale/rotate"}, A::SetParam, 0, 0,
       {"roll", "robust"}, [](DreamParams& p, const Command& c) { p.transforms = parse_transforms(c.text); }},
      {{"/livedream/tile", "i", "0 or 64..8192", "gradient tile size; 0: no tiling"}, A::SetParam, 0, 8192, {},
       [](DreamParams& p, const Command& c) { p.tile = static_cast<int>(c.numbers[0]); }},
      {{"/livedream/max_dim", "i", "0..16384", "resolution: the longest side of the dream (0: the source's own)"}, A::SetParam, 0, 16384, {},
       [](DreamParams& p, const Command& c) { p.max_dim = static_cast<int>(c.numbers[0]); }},
      {{"/livedream/seed", "i", "0..2147483647", "random seed (jitter)"}, A::SetParam, 0, 2147483647.0, {},
       [](DreamParams& p, const Command& c) { p.seed = static_cast<uint64_t>(c.numbers[0]); }},
      {{"/livedream/octaves", "i", "1..16", "number of octaves"}, A::SetParam, 1, 16, {},
       [](DreamParams& p, const Command& c) { p.octaves = static_cast<int>(c.numbers[0]); }},
      {{"/livedream/octave_scale", "f", "1.01..4", "size ratio between octaves"}, A::SetParam, 1.01, 4, {},
       [](DreamParams& p, const Command& c) { p.octave_scale = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/octave_mode", "s", "progressive or cycle", "octave schedule"}, A::SetParam, 0, 0, {"progressive", "cycle"},
       [](DreamParams& p, const Command& c) { p.octave_mode = parse_octave_mode(c.text); }},
      {{"/livedream/zoom", "f", "0.5..2", "zoom per step (>1 zooms in)"}, A::SetParam, 0.5, 2, {},
       [](DreamParams& p, const Command& c) { p.zoom = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/rotate", "f", "-45..45", "rotation per step, degrees counter-clockwise"}, A::SetParam, -45, 45, {},
       [](DreamParams& p, const Command& c) { p.rotate_deg = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/pan", "ff", "-512..512", "pan per step, x and y pixels"}, A::SetParam, -512, 512, {},
       [](DreamParams& p, const Command& c) {
         p.pan_x = static_cast<float>(c.numbers[0]);
         p.pan_y = static_cast<float>(c.numbers[1]);
       }},
      {{"/livedream/pan_x", "f", "-512..512", "pan per step, x pixels"}, A::SetParam, -512, 512, {},
       [](DreamParams& p, const Command& c) { p.pan_x = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/pan_y", "f", "-512..512", "pan per step, y pixels"}, A::SetParam, -512, 512, {},
       [](DreamParams& p, const Command& c) { p.pan_y = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/source_blend", "f", "0..1", "pull back towards the source per step"}, A::SetParam, 0, 1, {},
       [](DreamParams& p, const Command& c) { p.source_blend = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/border", "s", "reflect, source or edge", "what fills the frame a zoom-out, turn or pan uncovers"}, A::SetParam, 0, 0,
       {"reflect", "source", "edge"}, [](DreamParams& p, const Command& c) { p.border = parse_border_fill(c.text); }},
      {{"/livedream/guide_cosine_power", "f", "0..8", "guided dreams: 0 the best match, >0 Lucid's cosine-weighted direction"},
       A::SetParam, 0, 8, {}, [](DreamParams& p, const Command& c) { p.guide_cosine_power = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/temporal", "s", "flow, blend or off", "moving input: how a frame's dream starts from the last"}, A::SetParam, 0, 0,
       {"flow", "blend", "off"}, [](DreamParams& p, const Command& c) { p.temporal = parse_temporal_mode(c.text); }},
      {{"/livedream/temporal_decay", "f", "0..1", "flow: fraction of the residual carried over"}, A::SetParam, 0, 1, {},
       [](DreamParams& p, const Command& c) { p.temporal_decay = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/temporal_blend", "f", "0..1", "blend: weight of the last dream"}, A::SetParam, 0, 1, {},
       [](DreamParams& p, const Command& c) { p.temporal_blend = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/layers", "s", "a layer spec", "all layers at once, as --layers: name[:channels][:weight],..."}, A::SetParam, 0, 0, {},
       [](DreamParams& p, const Command& c) { p.layers = parse_layers(c.text); }},
      {{"/livedream/layer/N/weight", "f", "-100..100", "weight of layer N (from 0)"}, A::SetParam, -100, 100, {},
       [](DreamParams& p, const Command& c) { p.layers[size_t(c.layer)].weight = static_cast<float>(c.numbers[0]); }},
      {{"/livedream/layer/N/channels", "s", "97 or 97+12; empty: all", "channels of layer N"}, A::SetParam, 0, 0, {},
       [](DreamParams& p, const Command& c) {
         // The channel syntax of a layer spec, parsed by the same code ("x:" + channels).
         p.layers[size_t(c.layer)].channels = c.text.empty() ? std::vector<int>{} : parse_layers("x:" + c.text).at(0).channels;
       }},
      {{"/livedream/layer/N/name", "s", "a layer of the model", "the layer N dreams on"}, A::SetParam, 0, 0, {},
       [](DreamParams& p, const Command& c) { p.layers[size_t(c.layer)].layer = c.text; }},
      {{"/livedream/pause", "", "", "pause / resume (toggles, as Space)"}, A::TogglePause, 0, 0, {}, nullptr},
      {{"/livedream/pause", "i", "0 or 1", "1 pauses, 0 resumes"}, A::SetPause, 0, 1, {}, nullptr},
      {{"/livedream/step", "", "", "one step, paused (as S)"}, A::Step, 0, 0, {}, nullptr},
      {{"/livedream/reset", "", "", "back to the source (as R)"}, A::Reset, 0, 0, {}, nullptr},
      {{"/livedream/screenshot", "", "", "save the dream as a PNG (as F12)"}, A::Screenshot, 0, 0, {}, nullptr},
      {{"/livedream/record", "", "", "start / stop recording (toggles, as F9)"}, A::ToggleRecord, 0, 0, {}, nullptr},
      {{"/livedream/record", "i", "0 or 1", "1 starts recording, 0 stops"}, A::SetRecord, 0, 1, {}, nullptr},
      {{"/livedream/preset", "s", "a preset's name", "load a preset the Input tab lists (by name, not a path)"}, A::Preset, 0, 0, {}, nullptr},
      {{"/livedream/open", "s", "path, URL, clouds, camera", "open an image or video, as the Input tab"}, A::Open, 0, 0, {}, nullptr},
      {{"/livedream/video/play", "", "", "play the video file (again from the start once it ended)"}, A::VideoPlay, 0, 0, {}, nullptr},
      {{"/livedream/video/pause", "", "", "hold the video file's frame; the dream goes on"}, A::VideoPause, 0, 0, {}, nullptr},
      {{"/livedream/video/seek", "f", "0..86400", "go to this time in the video file, in seconds"}, A::VideoSeek, 0, 86400, {}, nullptr},
      {{"/livedream/video/loop", "i", "0 or 1", "1 loops the video file, 0 stops at its end"}, A::VideoLoop, 0, 1, {}, nullptr},
      {{"/livedream/video/rate", "f", "0.1..4", "playback speed of the video file (1: its own)"}, A::VideoRate, 0.1, 4, {}, nullptr},
  };
  return rows;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = make_rows();
  return table;
}

// What the sender wrote, made safe to show in a one-line message.
std::string shown(const std::string& text, size_t max = 80) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    out += (ch >= 0x20 && ch < 0x7f) ? static_cast<char>(ch) : '?';
  }
  if (text.size() > max) out += "...";
  return out;
}

// Matches `address` against a row's pattern, where a segment "N" stands for a layer index.
bool matches(const std::string& pattern, const std::string& address, int& layer) {
  size_t p = 0, a = 0;
  layer = -1;
  while (p < pattern.size() && a < address.size()) {
    if (pattern.compare(p, 2, "N/") == 0 || (pattern.compare(p, 1, "N") == 0 && p + 1 == pattern.size())) {
      size_t end = address.find('/', a);
      if (end == std::string::npos) end = address.size();
      const std::string digits = address.substr(a, end - a);
      if (digits.empty() || digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
      layer = std::stoi(digits);
      p += 1;
      a = end;
      continue;
    }
    if (pattern[p] != address[a]) return false;
    ++p;
    ++a;
  }
  return p == pattern.size() && a == address.size();
}

bool is_number_tag(char tag) { return tag == 'f' || tag == 'd' || tag == 'i' || tag == 'h'; }

// Whether the tags received fit the row's declared ones: numbers for numbers (any OSC number
// type; T/F too where 0 or 1 is asked), strings for strings.
bool tags_fit(const std::string& declared, const std::string& got) {
  if (declared.size() != got.size()) return false;
  for (size_t i = 0; i < declared.size(); ++i) {
    const char d = declared[i], g = got[i];
    const bool ok = (d == 's') ? (g == 's' || g == 'S') : (is_number_tag(g) || (d == 'i' && (g == 'T' || g == 'F')));
    if (!ok) return false;
  }
  return true;
}

std::string describe_tags(const std::string& tags) {
  if (tags.empty()) return "no arguments";
  std::string out;
  for (char t : tags) {
    if (!out.empty()) out += ' ';
    out += (t == 'f') ? "a number" : (t == 'i') ? "a whole number" : (t == 's') ? "a string" : "?";
  }
  return out;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

const std::vector<AddressInfo>& address_table() {
  static const std::vector<AddressInfo> table = [] {
    std::vector<AddressInfo> out;
    for (const Row& r : rows()) {
      AddressInfo info = r.info;
      info.min = r.lo;
      info.max = r.hi;
      info.parameter = r.action == Action::SetParam;
      out.push_back(std::move(info));
    }
    return out;
  }();
  return table;
}

std::string format_address_table(bool markdown) {
  std::string out;
  const auto& table = address_table();
  if (markdown) {
    out += "| address | types | range | what it does |\n|---|---|---|---|\n";
    for (const auto& r : table)
      out += "| `" + r.address + "` | " + (r.types.empty() ? "-" : "`" + r.types + "`") + " | " + (r.range.empty() ? "-" : r.range) + " | " + r.what + " |\n";
    return out;
  }
  size_t w_addr = 7, w_types = 5, w_range = 5;
  for (const auto& r : table) {
    w_addr = std::max(w_addr, r.address.size());
    w_types = std::max(w_types, r.types.size());
    w_range = std::max(w_range, r.range.size());
  }
  auto pad = [](const std::string& s, size_t w) { return s + std::string(w - s.size() + 2, ' '); };
  out += pad("address", w_addr) + pad("types", w_types) + pad("range", w_range) + "what it does\n";
  for (const auto& r : table) out += pad(r.address, w_addr) + pad(r.types.empty() ? "-" : r.types, w_types) + pad(r.range.empty() ? "-" : r.range, w_range) + r.what + "\n";
  return out;
}

int find_row(const std::string& address, const std::string& types) {
  const auto& table = rows();
  for (size_t r = 0; r < table.size(); ++r) {
    int layer = -1;
    if (table[r].info.types == types && matches(table[r].info.address, address, layer)) return static_cast<int>(r);
  }
  return -1;
}

Command parse_message(const std::string& address, const std::string& types, const std::vector<Arg>& args) {
  const std::string where = "OSC " + shown(address);
  if (address.size() > kMaxAddressLength) throw usage_error(where + ": address longer than " + std::to_string(kMaxAddressLength) + " bytes", kFix);
  if (types.size() != args.size()) throw usage_error(where + ": " + std::to_string(args.size()) + " arguments for type tags '," + shown(types) + "'", kFix);
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].tag != types[i]) throw usage_error(where + ": argument " + std::to_string(i) + " does not match its type tag", kFix);

  const auto& table = rows();
  const Row* found = nullptr;
  const Row* same_address = nullptr;
  int layer = -1;
  for (const Row& r : table) {
    int l = -1;
    if (!matches(r.info.address, address, l)) continue;
    same_address = &r;
    if (tags_fit(r.info.types, types)) {
      found = &r;
      layer = l;
      break;
    }
  }
  if (!same_address) throw usage_error("unknown OSC address '" + shown(address) + "'", kFix);
  if (!found) {
    std::string wanted;
    for (const Row& r : table) {
      int l = -1;
      if (matches(r.info.address, address, l)) wanted += std::string(wanted.empty() ? "" : " or ") + describe_tags(r.info.types);
    }
    throw usage_error(where + " takes " + wanted + ", got " + (types.empty() ? std::string("none") : "type tags '," + shown(types) + "'"), kFix);
  }
  if (layer > kMaxLayerIndex) throw usage_error(where + ": layer index " + std::to_string(layer) + " is above " + std::to_string(kMaxLayerIndex), kFix);

  Command c;
  c.action = found->action;
  c.row = static_cast<size_t>(found - table.data());
  c.layer = layer;
  const std::string& declared = found->info.types;
  for (size_t i = 0; i < args.size(); ++i) {
    const Arg& a = args[i];
    if (declared[i] == 's') {
      if (a.text.size() > kMaxTextLength) throw usage_error(where + ": text longer than " + std::to_string(kMaxTextLength) + " bytes", kFix);
      for (unsigned char ch : a.text)
        if (ch < 0x20 || ch == 0x7f) throw usage_error(where + ": text with control characters", kFix);
      if (!found->choices.empty()) {
        bool known = false;
        std::string list;
        for (const auto& choice : found->choices) {
          known = known || choice == a.text;
          list += (list.empty() ? "" : ", ") + choice;
        }
        if (!known) throw usage_error(where + ": '" + shown(a.text) + "' is not one of " + list, kFix);
      }
      c.text = a.text;
      continue;
    }
    const double v = (a.tag == 'T') ? 1.0 : (a.tag == 'F') ? 0.0 : a.number;
    if (!std::isfinite(v)) throw usage_error(where + ": the value is not a finite number", kFix);
    if (!(v >= found->lo && v <= found->hi))
      throw usage_error(where + ": " + number_text(v) + " is outside " + (found->info.range.empty() ? number_text(found->lo) + ".." + number_text(found->hi) : found->info.range), kFix);
    if (declared[i] == 'i' && v != std::floor(v)) throw usage_error(where + ": " + number_text(v) + " is not a whole number", kFix);
    c.numbers.push_back(v);
  }
  if (c.action == Action::SetPause || c.action == Action::SetRecord || c.action == Action::VideoLoop)
    c.flag = static_cast<int>(c.numbers.at(0));
  if (c.action == Action::Preset) {
    if (c.text.empty() || c.text.find_first_of("/\\") != std::string::npos || c.text == "." || c.text == "..")
      throw usage_error(where + ": '" + shown(c.text) + "' is not a preset name", "give the name the Input tab lists, e.g. classic");
  }
  if (c.action == Action::Open && c.text.empty()) throw usage_error(where + ": nothing to open", "give a path, a URL, clouds or camera");
  return c;
}

void apply_to_params(const Command& command, DreamParams& params) {
  const auto& table = rows();
  if (command.action != Action::SetParam || command.row >= table.size() || !table[command.row].set)
    throw usage_error("OSC command is not a parameter change", kFix);
  const Row& row = table[command.row];
  const std::string where = "OSC " + row.info.address;
  if (command.layer >= 0 && size_t(command.layer) >= params.layers.size())
    throw usage_error(where + ": there is no layer " + std::to_string(command.layer) + " (the dream has " + std::to_string(params.layers.size()) + ", counted from 0)",
                      "add layers in the Layers panel or with /livedream/layers");
  DreamParams edited = params;
  try {
    row.set(edited, command);
    validate(edited);
  } catch (const Error& e) {
    throw usage_error(where + ": " + e.what(), "");  // the message already says how to fix it
  }
  params = std::move(edited);
}

}  // namespace livedream::osc
