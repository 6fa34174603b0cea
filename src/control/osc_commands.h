// OSC control, the pure part: the table of addresses the viewer answers to, and the parser that
// turns one OSC message (address, type tags, arguments) into a validated command. No sockets and
// no liblo here (control/osc_server does the transport), so the parser is unit-tested and fuzzed
// on its own (tests/fuzz/fuzz_osc.cpp).
//
// A command either changes the dream's parameters (apply_to_params, the same edit a panel's slider
// makes) or asks for an action (pause, reset, screenshot, ...), which the viewer turns into the
// same request a button hands out.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/dream_params.h"

namespace livedream::osc {

// One OSC argument as it arrived. Numbers keep their OSC type tag (f, d, i, h) so a wrong tag
// can be told apart from a wrong value; T and F (true, false) carry no value.
struct Arg {
  char tag = 0;       // the OSC type tag: f d i h s S T F ...
  double number = 0;  // f d i h
  std::string text;   // s S
};

enum class Action {
  SetParam,      // a DreamParams field (apply_to_params)
  TogglePause,   // /livedream/pause
  SetPause,      // /livedream/pause i: 1 pauses, 0 resumes
  Step,          // one step (pauses first, as the S key does)
  Reset,         // back to the source
  Screenshot,    // F12
  ToggleRecord,  // F9
  SetRecord,     // /livedream/record i: 1 starts, 0 stops
  Preset,        // a preset by name, among those the viewer lists
  Open,          // an image, video, camera or URL, as typed into the Input tab
  VideoPlay,     // the video file plays (again from the start once it ended)
  VideoPause,    // the video file holds its frame (the dream goes on)
  VideoSeek,     // to a time in seconds
  VideoLoop,     // i: 1 loops the file, 0 stops at its end
  VideoRate,     // playback speed, 1 = the file's own
};

// One row of the address table: what `livedream osc --list` prints and the README copies.
struct AddressInfo {
  std::string address;      // "/livedream/layer/N/weight": N is a layer's index, from 0
  std::string types;        // OSC type tags of the arguments ("f", "ff", "s", "" for none)
  std::string range;        // the values taken, in words ("0.5..2", "0 or 1", "progressive|cycle")
  std::string what;         // what it does
  double min = 0, max = 0;  // the range of its numbers (both 0 when it takes none)
  bool parameter = false;   // a DreamParams field (apply_to_params), not an action
};

// Every address, in the order they are listed.
const std::vector<AddressInfo>& address_table();
// The table as text: aligned columns for a terminal, or a Markdown table for the README.
std::string format_address_table(bool markdown);

// A validated command. `row` indexes address_table(); `layer` is N of /livedream/layer/N/...;
// `numbers` and `text` hold the arguments, already range-checked and converted.
struct Command {
  Action action = Action::SetParam;
  size_t row = 0;
  int layer = -1;
  std::vector<double> numbers;
  std::string text;
  int flag = -1;  // SetPause / SetRecord / VideoLoop: 0 or 1
};

// Limits on what a message may carry before it is looked at further (a sender's typo, or garbage).
constexpr size_t kMaxAddressLength = 256;
constexpr size_t kMaxTextLength = 1024;
constexpr int kMaxLayerIndex = 63;

// The row of address_table() a message to `address` with exactly these type tags would use
// (layer indexes match N), or -1. For keyframes, which name the same parameters.
int find_row(const std::string& address, const std::string& types);

// Parses one message. `types` are its OSC type tags without the leading ',' (liblo's form) and
// must match `args`. Throws livedream::Error (usage) with a one-line message naming the address
// and what is wrong: an unknown address, wrong type tags, a value out of range, bad text.
// Numbers may come as any OSC number type (f, d, i, h): controllers differ in what they send; a
// whole number is required where the parameter is one (octaves, steps, ...).
Command parse_message(const std::string& address, const std::string& types, const std::vector<Arg>& args);

// What a sender wrote, made safe to show in a one-line message: control characters and non-ASCII
// as '?', cut at `max` characters with "...".
std::string printable(const std::string& text, size_t max = 80);

// Applies a SetParam command to `params` as a panel would. Throws livedream::Error (usage) when
// it cannot apply to these parameters (a layer index beyond the layers there are, a result that
// validate() refuses); `params` is then unchanged.
void apply_to_params(const Command& command, DreamParams& params);

}  // namespace livedream::osc
