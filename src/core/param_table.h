// The one table of dream parameters (the rows: param_rows.cpp). Each row says everything about one parameter: its JSON key
// (presets, PNG chunks, timelines; also its OSC address and keyframe track name), its type and
// accepted range or words, its default (read from DreamParams{}), its command-line flag and help,
// its label in the viewer, whether OSC and keyframes may change it, and how to read and write it.
//
// Every surface is derived from it: validate() (dream_params.cpp), the JSON reader and writer
// (dream_params_json.cpp), the command-line options (app/dream_options.cpp), the OSC address table
// and parser (control/osc_commands.cpp), keyframe tracks (keyframes.cpp), the viewer's sliders and
// error wording (ui/param_widgets.cpp, ui/ui_terms.cpp), and `livedream params`. So a parameter has
// one accepted range and one message for a value outside it, wherever the value came from.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/dream_params.h"

namespace livedream::param {

enum class Kind {
  Number,  // a float field: checked as the float it becomes
  Whole,   // an integer field
  Word,    // one of a few words (an enum, device, dtype)
  Text,    // free text with its own grammar (layers, paths)
};

// A value as a surface carries it: numbers for Number and Whole rows, text for Word and Text.
struct Value {
  double number = 0;
  std::string text;
};

struct Row {
  std::string key;  // "step_size"; per-layer rows "layer/N/weight" (N: a layer's index from 0)
  Kind kind = Kind::Number;
  std::string label;                 // the viewer's name for it: "Step size"
  std::string what;                  // one line: the OSC table, tooltips, `livedream params`
  std::string unit;                  // "px per step", "degrees per step", "" when it has none
  double min = 0, max = 0;           // Number, Whole: the accepted range, both ends included
  bool zero_means_off = false;       // Whole: 0 is accepted too, below min (tile: no tiling)
  std::vector<std::string> words;    // Word: the accepted words
  std::vector<std::string> aliases;  // Word: other names a parser also takes ("tutorial" for mean)
  std::string shape;                 // Text: what the text is, in words ("a layer spec")
  std::string flag;                  // "--step-size"; empty: no command-line option
  std::string help;                  // the option's --help text; empty: `what`
  std::string group;                 // the option's help group; empty: the command's dream group
  bool live = false;                 // changes while dreaming: OSC address "/livedream/<key>", keyframes
  std::string not_keyed;             // why keyframes cannot change it; empty: they can (if live or model)
  bool per_layer = false;            // applies to one of DreamParams::layers, by index
  Value (*get)(const DreamParams&, size_t layer) = nullptr;
  void (*set)(DreamParams&, size_t layer, const Value&) = nullptr;

  bool keyframeable() const { return not_keyed.empty(); }
  bool is_number() const { return kind == Kind::Number || kind == Kind::Whole; }
  std::string osc_address() const { return "/livedream/" + key; }
  // The accepted values in words: "0.00001..1", "0 or 64..8192", "mean or mean-square".
  std::string range_text() const;
  // A value as it would be written: numbers shortest ("0.02"), words and text as they are.
  std::string value_text(const Value& value) const;
  // The default, from DreamParams{} (per-layer rows: the default's first layer).
  std::string default_text() const;
};

// Every parameter, in the order they are listed, written and offered.
const std::vector<Row>& table();

// The row named `key` ("step_size", "layer/3/weight"), or nullptr. For per-layer rows the index
// is written to `layer` (0 otherwise).
const Row* find(std::string_view key, size_t* layer = nullptr);
// The row whose command-line flag is `flag` ("--step-size"), or nullptr.
const Row* find_flag(std::string_view flag);

// The one check every surface makes: what is wrong with `value` for this row ("9 is outside
// 0.5..2", "2.5 is not a whole number", "'huber' is not one of mean or mean-square", a layer
// spec's own message), or "" when it is accepted. Each surface names the parameter its own way
// around it (an OSC address, a preset key, a keyframe, a flag).
std::string problem(const Row& row, const Value& value);
// How to give an accepted value: "use --zoom 0.5..2" or "'zoom' takes 0.5..2".
std::string fix(const Row& row);

// Sets the value after the check. Throws livedream::Error (usage): "<subject>: <problem>", or
// that there is no layer `layer`. `params` is unchanged when it throws.
void set(const Row& row, DreamParams& params, size_t layer, const Value& value, const std::string& subject);

// Every row as a table: aligned columns for a terminal, or Markdown for the README.
std::string format_table(bool markdown);

}  // namespace livedream::param
