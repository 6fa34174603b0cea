// MIDI learn's map: which MIDI control drives which OSC address, and how. A binding never names a
// parameter: it names an address of osc::address_table(), and the router (control/midi_router)
// turns the control's moves into OSC messages to it, which the viewer parses and applies as it does
// a network one. So every OSC address that takes a number or none can be a knob or a button, and a
// map file reads like `livedream osc --list`.
//
// The file, channels 1-16 as devices show them (one source key per binding: cc, cc14, note or
// pitchbend; curve, min, max and mode are optional, their defaults those of default_binding):
//   {"device": "nanoKONTROL2", "bindings": [
//     {"cc": 16, "channel": 1, "address": "/livedream/step_size", "curve": "log", "min": 0.001, "max": 0.2},
//     {"cc14": 0, "channel": 1, "address": "/livedream/zoom"},
//     {"note": 36, "channel": 10, "address": "/livedream/pause", "mode": "toggle"},
//     {"pitchbend": true, "channel": 1, "address": "/livedream/rotate", "pickup": false}]}
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/midi_message.h"

namespace livedream {

enum class MidiCurve { Linear, Log };
enum class NoteMode {
  Trigger,  // each press sends the action (no arguments, or 1 where the address only takes 0 or 1)
  Toggle,   // presses send 1 and 0 in turn (a number: max and min in turn)
};

struct MidiBinding {
  MidiSource source;
  std::string address;  // an address of osc::address_table(), layer index included: /livedream/layer/0/weight
  MidiCurve curve = MidiCurve::Linear;
  double min = 0, max = 0;                 // what the control's ends give, within the address's range; min > max turns it round
  NoteMode note_mode = NoteMode::Trigger;  // notes, and CCs bound to an action (buttons)
  bool pickup = true;                      // soft takeover: a knob does nothing until it meets the value
  std::string text;                        // an address taking text (/livedream/preset): what a press sends
};

struct MidiMap {
  std::string device;  // the port name the map was made with; empty: any
  std::vector<MidiBinding> bindings;
};

// What an address offers MIDI, from its rows of the OSC table.
struct MidiTarget {
  int trigger_row = -1;  // its row of osc::address_table() taking no arguments (/livedream/pause), or -1
  int value_row = -1;    // its row taking one number (f or i), or -1
  bool flag = false;     // value_row takes 0 or 1 to switch an action (/livedream/pause i), not a range
  bool whole = false;    // value_row takes whole numbers (i)
  int text_row = -1;     // its row taking one text (/livedream/preset NAME): a button sends the binding's text
  // A knob sweeps value_row's range; anything else is pressed, as a button.
  bool knob() const { return value_row >= 0 && !flag; }
};
// Throws livedream::Error (usage) naming the address when it is not in the table (or its layer
// index is too high) or takes what a MIDI control cannot give (text, two numbers).
MidiTarget midi_target(const std::string& address);

// `source` bound to `address` with the defaults: the address's whole range; a log curve for the
// step size and zoom (useful step sizes span decades; zoom is about 1, 0.5 as far below as 2
// above); toggle for an address switched by 0 or 1 only (/livedream/video/loop), else trigger.
// Throws as midi_target, and when the source cannot drive the address (a pitch bend or a 14-bit CC
// has no press to give an action).
MidiBinding default_binding(const MidiSource& source, const std::string& address);
// Throws livedream::Error (usage) in one line when the binding could send what the address refuses.
void check_binding(const MidiBinding& binding);

// The value for a control's position `unit` (0..1): linear or log from min to max, rounded where
// the address takes whole numbers. unit_of is the inverse (the position giving `value`, in 0..1),
// which soft takeover compares positions with.
double scaled_value(const MidiBinding& binding, double unit);
double unit_of(const MidiBinding& binding, double value);

// The file format above. midi_map_from_json checks every binding and throws livedream::Error
// (usage) in one line naming `source_name`, the binding (bindings[i]), what is wrong and the fix.
nlohmann::ordered_json to_json(const MidiMap& map);
MidiMap midi_map_from_json(const std::string& text, const std::string& source_name);
// load: errors as midi_map_from_json (a missing file: runtime). save: written atomically, so a crash
// never leaves half a map.
MidiMap load_midi_map(const std::string& path);
void save_midi_map(const std::string& path, const MidiMap& map);

}  // namespace livedream
