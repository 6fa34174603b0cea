#include "control/midi_map.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "control/osc_commands.h"
#include "core/error.h"
#include "core/file_io.h"

namespace livedream {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char* const kListFix = "livedream osc --list shows every address";
const char* const kBindingKeys = "a binding takes cc, cc14, note or pitchbend, then channel, address, curve, min, max, mode, pickup";

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

const osc::AddressInfo& row_of(int row) { return osc::address_table().at(static_cast<size_t>(row)); }

std::string range_text(const osc::AddressInfo& row) { return number_text(row.min) + ".." + number_text(row.max); }

struct Problem {
  std::string what, fix;
};

// What is wrong with a binding whose address resolved to `target`, or nothing.
std::optional<Problem> binding_problem(const MidiBinding& b, const MidiTarget& target) {
  const MidiSource& s = b.source;
  const int top = s.kind == MidiSource::CC14 ? 31 : 127;
  if (s.channel < 0 || s.channel > 15) return Problem{"channel " + std::to_string(s.channel + 1) + " is outside 1..16", "use 1..16"};
  if (s.kind != MidiSource::PitchBend && (s.number < 0 || s.number > top))
    return Problem{(s.kind == MidiSource::Note ? "note "
                    : s.kind == MidiSource::CC ? "CC "
                                               : "cc14 ") +
                       std::to_string(s.number) + " is outside 0.." + std::to_string(top),
                   s.kind == MidiSource::CC14 ? "a 14-bit CC is its MSB controller, 0..31 (the LSB is that + 32)" : "use 0..127"};
  const std::string address = "'" + osc::printable(b.address) + "'";
  if (target.text_row >= 0) {
    if (b.text.empty())
      return Problem{address + " takes text: a press sends the binding's", "add \"text\": the preset's name (or the text to send)"};
    try {
      (void)osc::parse_message(b.address, "s", {{'s', 0, b.text}});  // the text as a message would be checked
    } catch (const Error& e) {
      return Problem{first_line(e.what()), "give a text the address takes"};
    }
  }
  if (!target.knob()) {
    if (s.kind == MidiSource::CC14 || s.kind == MidiSource::PitchBend)
      return Problem{describe(s) + " cannot press " + address + ", which takes no number", "bind a note or a CC (a button) to it"};
    if (b.note_mode == NoteMode::Toggle && target.value_row < 0)
      return Problem{"toggle needs an address switched by 0 or 1; " + address + " takes no number", "use \"mode\": \"trigger\""};
    return std::nullopt;
  }
  const osc::AddressInfo& row = row_of(target.value_row);
  for (double v : {b.min, b.max})
    if (!(v >= row.min && v <= row.max))
      return Problem{(v == b.min ? "min " : "max ") + number_text(v) + " is outside " + range_text(row) + ", the range of " + address,
                     "give min and max within " + range_text(row)};
  if (b.min == b.max)
    return Problem{"min and max are both " + number_text(b.min) + ": the control would change nothing", "give different min and max"};
  if (b.curve == MidiCurve::Log && !(b.min > 0 && b.max > 0))
    return Problem{"a log curve needs min and max above 0, the range is " + number_text(b.min) + ".." + number_text(b.max),
                   "give min and max above 0, or \"curve\": \"linear\""};
  return std::nullopt;
}

bool is_log_by_default(const std::string& address) { return address == "/livedream/step_size" || address == "/livedream/zoom"; }

// The nlohmann message without its "[json.exception.parse_error.101] " tag.
std::string json_message(const json::exception& e) {
  std::string message = first_line(e.what());
  const size_t tag_end = message.find("] ");
  return message[0] == '[' && tag_end != std::string::npos ? message.substr(tag_end + 2) : message;
}

MidiBinding binding_from_json(const json& j, const std::string& where) {
  auto fail = [&](const std::string& what, const std::string& fix) { return usage_error(where + ": " + what, fix); };
  if (!j.is_object()) throw fail("is " + osc::printable(j.dump(), 40) + ", not an object", kBindingKeys);
  static const std::vector<std::string> known = {"cc",    "cc14", "note", "pitchbend", "channel", "address",
                                                 "curve", "min",  "max",  "mode",      "pickup",  "text"};
  for (const auto& item : j.items())
    if (std::find(known.begin(), known.end(), item.key()) == known.end())
      throw fail("unknown key '" + osc::printable(item.key()) + "'", kBindingKeys);

  // A whole number from the file; the range is binding_problem's to check, in its words.
  auto whole = [&](const char* key, const std::string& fix) {
    const json& v = j.at(key);
    if (!v.is_number_integer()) throw fail("'" + std::string(key) + "' is " + osc::printable(v.dump(), 40) + ", not a whole number", fix);
    if (v.is_number_unsigned() ? v.get<uint64_t>() > 1000 : (v.get<int64_t>() < -1000 || v.get<int64_t>() > 1000))
      throw fail("'" + std::string(key) + "' " + osc::printable(v.dump(), 40) + " is out of range", fix);
    return static_cast<int>(v.get<int64_t>());
  };
  MidiSource source;
  int sources = 0;
  for (const char* key : {"cc", "cc14", "note", "pitchbend"}) sources += j.contains(key) ? 1 : 0;
  if (sources != 1)
    throw fail(sources == 0 ? "names no MIDI source" : "names more than one MIDI source", "give one of cc, cc14, note or pitchbend");
  if (j.contains("cc")) source = {MidiSource::CC, 0, whole("cc", "use 0..127")};
  if (j.contains("cc14")) source = {MidiSource::CC14, 0, whole("cc14", "a 14-bit CC is its MSB controller, 0..31")};
  if (j.contains("note")) source = {MidiSource::Note, 0, whole("note", "use 0..127 (60 is C4)")};
  if (j.contains("pitchbend")) {
    if (j["pitchbend"] != true) throw fail("'pitchbend' is " + osc::printable(j["pitchbend"].dump(), 40), "write \"pitchbend\": true");
    source = {MidiSource::PitchBend, 0, 0};
  }
  if (!j.contains("channel")) throw fail("has no channel", "add \"channel\": 1..16");
  source.channel = whole("channel", "use 1..16") - 1;
  if (!j.contains("address") || !j["address"].is_string())
    throw fail("has no address", "add \"address\": an OSC address (" + std::string(kListFix) + ")");

  MidiBinding b;
  MidiTarget target;
  try {
    target = midi_target(j["address"].get<std::string>());
    b = default_binding(source, j["address"].get<std::string>());
  } catch (const Error& e) {
    throw fail(e.what(), "");  // names the address and the fix already
  }
  if (j.contains("text")) {
    if (target.text_row < 0) throw fail("'" + b.address + "' takes no text: 'text' does not apply", "remove \"text\"");
    if (!j["text"].is_string()) throw fail("'text' is " + osc::printable(j["text"].dump(), 40) + ", not text", "give the text in quotes");
    b.text = j["text"].get<std::string>();
  }
  if (const auto problem = binding_problem(b, target)) throw fail(problem->what, problem->fix);  // the source's numbers

  const std::string takes_none = "'" + b.address + "' takes no number";
  for (const char* key : {"curve", "min", "max"})
    if (j.contains(key) && !target.knob()) throw fail(takes_none + ": '" + key + "' does not apply", std::string("remove \"") + key + "\"");
  if (j.contains("curve")) {
    const json& v = j["curve"];
    if (v != "linear" && v != "log")
      throw fail("curve " + osc::printable(v.dump(), 40) + " is not linear or log", "use \"linear\" or \"log\"");
    b.curve = v == "log" ? MidiCurve::Log : MidiCurve::Linear;
  }
  for (const char* key : {"min", "max"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_number())
      throw fail("'" + std::string(key) + "' is " + osc::printable(j[key].dump(), 40) + ", not a number", "give a number");
    (std::string(key) == "min" ? b.min : b.max) = j[key].get<double>();
  }
  if (j.contains("mode")) {
    const json& v = j["mode"];
    if (source.kind != MidiSource::Note && target.knob())
      throw fail("'mode' is for notes and buttons; " + describe(source) + " turns '" + b.address + "' as a knob", "remove \"mode\"");
    if (v != "trigger" && v != "toggle")
      throw fail("mode " + osc::printable(v.dump(), 40) + " is not trigger or toggle", "use \"trigger\" or \"toggle\"");
    b.note_mode = v == "toggle" ? NoteMode::Toggle : NoteMode::Trigger;
  }
  if (j.contains("pickup")) {
    if (!j["pickup"].is_boolean())
      throw fail("'pickup' is " + osc::printable(j["pickup"].dump(), 40) + ", not true or false", "use true or false");
    b.pickup = j["pickup"].get<bool>();
  }
  if (const auto problem = binding_problem(b, target)) throw fail(problem->what, problem->fix);
  return b;
}

}  // namespace

MidiTarget midi_target(const std::string& address) {
  MidiTarget t;
  t.trigger_row = osc::find_row(address, "");
  if (const int f = osc::find_row(address, "f"); f >= 0) t.value_row = f;
  if (const int i = osc::find_row(address, "i"); i >= 0) {
    t.value_row = i;
    t.whole = true;
  }
  std::string quoted = "'";  // built by appending: GCC 12 misreads "'" + s (a false -Wrestrict)
  quoted += osc::printable(address);
  quoted += "'";
  if (t.trigger_row < 0 && t.value_row < 0) {
    if (osc::find_row(address, "ff") >= 0)
      throw usage_error(quoted + " takes two numbers, a MIDI control gives one", "bind /livedream/pan_x and /livedream/pan_y");
    t.text_row = osc::find_row(address, "s");
    if (t.text_row < 0) throw usage_error(quoted + " is not an OSC address", kListFix);
  }
  if (t.text_row >= 0) {
    // Its text is checked with the binding (binding_problem): a dummy text here would not pass every row.
  } else if (t.value_row >= 0) {
    const osc::AddressInfo& row = row_of(t.value_row);
    t.flag = !row.parameter && row.types == "i" && row.min == 0 && row.max == 1;
    (void)osc::parse_message(address, row.types, {{row.types[0], row.min, {}}});  // the layer index, as a message would be checked
  } else {
    (void)osc::parse_message(address, "", {});
  }
  return t;
}

MidiBinding default_binding(const MidiSource& source, const std::string& address) {
  const MidiTarget target = midi_target(address);
  MidiBinding b;
  b.source = source;
  b.address = address;
  if (target.value_row >= 0) {
    b.min = row_of(target.value_row).min;
    b.max = row_of(target.value_row).max;
  }
  if (target.knob() && is_log_by_default(address)) b.curve = MidiCurve::Log;
  b.note_mode = target.flag && target.trigger_row < 0 ? NoteMode::Toggle : NoteMode::Trigger;
  if (!target.knob() && (source.kind == MidiSource::CC14 || source.kind == MidiSource::PitchBend))
    throw usage_error(describe(source) + " cannot press '" + osc::printable(address) + "', which takes no number",
                      "bind a note or a CC (a button) to it");
  return b;
}

void check_binding(const MidiBinding& binding) {
  if (const auto problem = binding_problem(binding, midi_target(binding.address)))
    throw usage_error(describe(binding.source) + " -> " + osc::printable(binding.address) + ": " + problem->what, problem->fix);
}

double scaled_value(const MidiBinding& b, double unit) {
  const double lo = std::min(b.min, b.max), hi = std::max(b.min, b.max);
  double v;
  if (!(unit > 0)) {
    v = b.min;
  } else if (unit >= 1) {
    v = b.max;  // the ends exactly, not exp(log(...)) rounded past the address's range
  } else if (b.curve == MidiCurve::Log && b.min > 0 && b.max > 0) {
    v = std::exp(std::log(b.min) + unit * (std::log(b.max) - std::log(b.min)));
  } else {
    v = b.min + unit * (b.max - b.min);
  }
  v = std::clamp(v, lo, hi);
  if (osc::find_row(b.address, "i") >= 0) {
    v = std::round(v);
    if (v > hi) v = std::floor(hi);
    if (v < lo) v = std::ceil(lo);
  }
  return v;
}

double unit_of(const MidiBinding& b, double value) {
  if (b.min == b.max || !std::isfinite(value)) return 0;
  const double v = std::clamp(value, std::min(b.min, b.max), std::max(b.min, b.max));
  double unit;
  if (b.curve == MidiCurve::Log && b.min > 0 && b.max > 0)
    unit = (std::log(v) - std::log(b.min)) / (std::log(b.max) - std::log(b.min));
  else
    unit = (v - b.min) / (b.max - b.min);
  return std::clamp(unit, 0.0, 1.0);
}

ordered_json to_json(const MidiMap& map) {
  ordered_json bindings = ordered_json::array();
  for (const MidiBinding& b : map.bindings) {
    ordered_json j;
    switch (b.source.kind) {
      case MidiSource::CC: j["cc"] = b.source.number; break;
      case MidiSource::CC14: j["cc14"] = b.source.number; break;
      case MidiSource::Note: j["note"] = b.source.number; break;
      case MidiSource::PitchBend: j["pitchbend"] = true; break;
    }
    j["channel"] = b.source.channel + 1;
    j["address"] = b.address;
    MidiTarget target;
    try {
      target = midi_target(b.address);
    } catch (const Error&) {
      target.value_row = 0;  // written whole, for the reader to name what is wrong
    }
    if (target.knob()) {
      j["curve"] = b.curve == MidiCurve::Log ? "log" : "linear";
      j["min"] = b.min;
      j["max"] = b.max;
    }
    if (b.source.kind == MidiSource::Note || (b.source.kind == MidiSource::CC && !target.knob()))
      j["mode"] = b.note_mode == NoteMode::Toggle ? "toggle" : "trigger";
    if (!b.pickup) j["pickup"] = false;
    if (!b.text.empty()) j["text"] = b.text;
    bindings.push_back(std::move(j));
  }
  ordered_json out;
  out["device"] = map.device;
  out["bindings"] = std::move(bindings);
  return out;
}

MidiMap midi_map_from_json(const std::string& text, const std::string& source_name) {
  const std::string shape =
      "a MIDI map is {\"device\": \"...\", \"bindings\": [{\"cc\": 7, \"channel\": 1, \"address\": \"/livedream/zoom\"}]}";
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    throw usage_error(source_name + ": not JSON: " + json_message(e), shape);
  }
  if (!root.is_object()) throw usage_error(source_name + ": not a MIDI map (no object at the top)", shape);
  for (const auto& item : root.items())
    if (item.key() != "device" && item.key() != "bindings")
      throw usage_error(source_name + ": unknown key '" + osc::printable(item.key()) + "'", "a MIDI map has device and bindings");
  MidiMap map;
  if (root.contains("device")) {
    if (!root["device"].is_string())
      throw usage_error(source_name + ": 'device' is not a string", "give the MIDI port's name, or \"\" for any");
    map.device = root["device"].get<std::string>();
  }
  if (!root.contains("bindings") || !root["bindings"].is_array()) throw usage_error(source_name + ": no list of bindings", shape);
  const json& bindings = root["bindings"];
  for (size_t i = 0; i < bindings.size(); ++i)
    map.bindings.push_back(binding_from_json(bindings[i], source_name + ": bindings[" + std::to_string(i) + "]"));
  return map;
}

MidiMap load_midi_map(const std::string& path) { return midi_map_from_json(read_file_text(path, "MIDI map"), path); }

void save_midi_map(const std::string& path, const MidiMap& map) {
  // Port names are bytes from the driver: invalid UTF-8 is written as U+FFFD rather than throwing.
  write_file_atomically(path, to_json(map).dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n", "MIDI map");
}

}  // namespace livedream
