// The dream options shared by `livedream dream`, the render command and the viewer: one place
// that declares them, documents them and turns them into DreamParams, with the precedence
// defaults < preset or --params-from < options given on the command line.
#pragma once
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "core/param_table.h"
#include "core/presets.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace livedream::app {

class DreamOptions {
 public:
  // Declares --preset, --params-from and one option per flag of the parameter table
  // (core/param_table: --layers, --step-size, --zoom, ...) on `app`, with the table's help, group
  // and default. This object must outlive the parse.
  void add_to(CLI::App& app, const std::string& group = "Dream");

  // The parameters the user asked for, validated. Throws livedream::Error (usage) naming the
  // option, preset or file at fault.
  DreamParams resolve(const DreamParams& defaults = {}) const;

  const std::string& preset() const { return preset_; }
  const std::string& params_from() const { return params_from_; }
  // Whether any option that sets a parameter was given (--preset and --params-from aside).
  bool any_given() const;

 private:
  // An option of the table: what it parses into, applied by resolve() only when given, through
  // the table's check (the same range and message as presets, OSC and keyframes).
  struct Given {
    const param::Row* row = nullptr;
    CLI::Option* option = nullptr;
    double number = 0;
    param::Value value;
  };
  std::string preset_, params_from_;
  std::vector<Given> given_;
};

}  // namespace livedream::app
