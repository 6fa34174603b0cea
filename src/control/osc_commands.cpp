#include "control/osc_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/param_table.h"

namespace livedream::osc {
namespace {

// One address: its listing, the action, and for parameters the row of the parameter table whose
// range, words and setter it uses (every number argument shares that row; /livedream/pan's two
// numbers are pan_x's and pan_y's). Actions keep their own range here: they are not parameters.
struct Row {
  AddressInfo info;
  Action action = Action::SetParam;
  double lo = 0, hi = 0;                  // actions' numbers
  std::vector<const param::Row*> params;  // SetParam: one per argument
};

const char* const kFix = "livedream osc --list shows every address with its type tags and range";

std::string osc_types(param::Kind kind) { return kind == param::Kind::Number ? "f" : kind == param::Kind::Whole ? "i" : "s"; }

Row parameter_row(const param::Row& p) {
  return {{p.osc_address(), osc_types(p.kind), p.range_text(), p.what, p.min, p.max, true}, Action::SetParam, p.min, p.max, {&p}};
}

Row action(AddressInfo info, Action what, double lo = 0, double hi = 0) {
  info.min = lo;
  info.max = hi;
  return {std::move(info), what, lo, hi, {}};
}

std::vector<Row> make_rows() {
  std::vector<Row> rows;
  for (const param::Row& p : param::table()) {
    if (!p.live) continue;
    if (p.key == "pan_x") {  // both at once, so a pan moves diagonally in one step
      const param::Row& y = *param::find("pan_y");
      rows.push_back({{"/livedream/pan", "ff", p.range_text(), "pan per step, x and y", p.min, p.max, true},
                      Action::SetParam,
                      p.min,
                      p.max,
                      {&p, &y}});
    }
    rows.push_back(parameter_row(p));
  }
  using A = Action;
  const std::vector<Row> actions = {
      action({"/livedream/pause", "", "", "pause / resume (toggles, as Space)"}, A::TogglePause),
      action({"/livedream/pause", "i", "0 or 1", "1 pauses, 0 resumes"}, A::SetPause, 0, 1),
      action({"/livedream/step", "", "", "one step, paused (as S)"}, A::Step),
      action({"/livedream/reset", "", "", "back to the source (as R)"}, A::Reset),
      action({"/livedream/screenshot", "", "", "save the dream as a PNG (as F12)"}, A::Screenshot),
      action({"/livedream/record", "", "", "start / stop recording (toggles, as F9)"}, A::ToggleRecord),
      action({"/livedream/record", "i", "0 or 1", "1 starts recording, 0 stops"}, A::SetRecord, 0, 1),
      action({"/livedream/preset", "s", "a preset's name", "load a preset the Input tab lists (by name, not a path)"}, A::Preset),
      action({"/livedream/open", "s", "path, URL, clouds, camera", "open an image or video, as the Input tab"}, A::Open),
      action({"/livedream/video/play", "", "", "play the video file (again from the start once it ended)"}, A::VideoPlay),
      action({"/livedream/video/pause", "", "", "hold the video file's frame; the dream goes on"}, A::VideoPause),
      action({"/livedream/video/seek", "f", "0..86400", "go to this time in the video file, in seconds"}, A::VideoSeek, 0, 86400),
      action({"/livedream/video/loop", "i", "0 or 1", "1 loops the video file, 0 stops at its end"}, A::VideoLoop, 0, 1),
      action({"/livedream/video/rate", "f", "0.1..4", "playback speed of the video file (1: its own)"}, A::VideoRate, 0.1, 4),
  };
  rows.insert(rows.end(), actions.begin(), actions.end());
  return rows;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = make_rows();
  return table;
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
    for (const Row& r : rows()) out.push_back(r.info);
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
      out += "| `" + r.address + "` | " + (r.types.empty() ? "-" : "`" + r.types + "`") + " | " + (r.range.empty() ? "-" : r.range) +
             " | " + r.what + " |\n";
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
  for (const auto& r : table)
    out += pad(r.address, w_addr) + pad(r.types.empty() ? "-" : r.types, w_types) + pad(r.range.empty() ? "-" : r.range, w_range) + r.what +
           "\n";
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
  const std::string where = "OSC " + printable(address);
  if (address.size() > kMaxAddressLength)
    throw usage_error(where + ": address longer than " + std::to_string(kMaxAddressLength) + " bytes", kFix);
  if (types.size() != args.size())
    throw usage_error(where + ": " + std::to_string(args.size()) + " arguments for type tags '," + printable(types) + "'", kFix);
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
  if (!same_address) throw usage_error("unknown OSC address '" + printable(address) + "'", kFix);
  if (!found) {
    std::string wanted;
    for (const Row& r : table) {
      int l = -1;
      if (matches(r.info.address, address, l)) wanted += std::string(wanted.empty() ? "" : " or ") + describe_tags(r.info.types);
    }
    throw usage_error(
        where + " takes " + wanted + ", got " + (types.empty() ? std::string("none") : "type tags '," + printable(types) + "'"), kFix);
  }
  if (layer > kMaxLayerIndex)
    throw usage_error(where + ": layer index " + std::to_string(layer) + " is above " + std::to_string(kMaxLayerIndex), kFix);

  Command c;
  c.action = found->action;
  c.row = static_cast<size_t>(found - table.data());
  c.layer = layer;
  const std::string& declared = found->info.types;
  for (size_t i = 0; i < args.size(); ++i) {
    const Arg& a = args[i];
    if (declared[i] == 's') {
      if (a.text.size() > kMaxTextLength)
        throw usage_error(where + ": text longer than " + std::to_string(kMaxTextLength) + " bytes", kFix);
      for (unsigned char ch : a.text)
        if (ch < 0x20 || ch == 0x7f) throw usage_error(where + ": text with control characters", kFix);
      if (!found->params.empty()) {  // the parameter table's check: its words, its grammar
        const std::string why = param::problem(*found->params[i], {0, a.text});
        if (!why.empty()) throw usage_error(where + ": " + (found->params[i]->kind == param::Kind::Word ? printable(why, 160) : why), kFix);
      }
      c.text = a.text;
      continue;
    }
    const double v = (a.tag == 'T') ? 1.0 : (a.tag == 'F') ? 0.0 : a.number;
    if (!found->params.empty()) {
      const std::string why = param::problem(*found->params[i], {v, {}});
      if (!why.empty()) throw usage_error(where + ": " + why, kFix);
    } else {
      if (!std::isfinite(v)) throw usage_error(where + ": the value is not a finite number", kFix);
      if (!(v >= found->lo && v <= found->hi)) throw usage_error(where + ": " + number_text(v) + " is outside " + found->info.range, kFix);
      if (declared[i] == 'i' && v != std::floor(v)) throw usage_error(where + ": " + number_text(v) + " is not a whole number", kFix);
    }
    c.numbers.push_back(v);
  }
  if (c.action == Action::SetPause || c.action == Action::SetRecord || c.action == Action::VideoLoop)
    c.flag = static_cast<int>(c.numbers.at(0));
  if (c.action == Action::Preset) {
    if (c.text.empty() || c.text.find_first_of("/\\") != std::string::npos || c.text == "." || c.text == "..")
      throw usage_error(where + ": '" + printable(c.text) + "' is not a preset name", "give the name the Input tab lists, e.g. classic");
  }
  if (c.action == Action::Open && c.text.empty()) throw usage_error(where + ": nothing to open", "give a path, a URL, clouds or camera");
  return c;
}

void apply_to_params(const Command& command, DreamParams& params) {
  const auto& table = rows();
  if (command.action != Action::SetParam || command.row >= table.size() || table[command.row].params.empty())
    throw usage_error("OSC command is not a parameter change", kFix);
  const Row& row = table[command.row];
  const std::string where = "OSC " + row.info.address;
  const size_t layer = command.layer < 0 ? 0 : static_cast<size_t>(command.layer);
  DreamParams edited = params;
  try {
    for (size_t i = 0; i < row.params.size(); ++i) {
      const param::Value value = row.params[i]->is_number() ? param::Value{command.numbers.at(i), {}} : param::Value{0, command.text};
      param::set(*row.params[i], edited, layer, value, where);
    }
    validate(edited);
  } catch (const Error& e) {
    const std::string message = e.what();
    throw usage_error(message.rfind(where, 0) == 0 ? message : where + ": " + message, "");  // the message already says how to fix it
  }
  params = std::move(edited);
}

std::string printable(const std::string& text, size_t max) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    out += (ch >= 0x20 && ch < 0x7f) ? static_cast<char>(ch) : '?';
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace livedream::osc
