// The dream options shared by `livedream dream`, the render command and the viewer: one place
// that declares them, documents them and turns them into DreamParams, with the precedence
// defaults < preset or --params-from < options given on the command line.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "core/presets.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace livedream::app {

class DreamOptions {
 public:
  // Declares --model, --layers, --loss, --steps, --step-size, --octaves, --octave-scale,
  // --octave-mode, --jitter, --tile, --max-dim, --seed, --device, --dtype, --guide, --preset,
  // --params-from, --zoom, --rotate, --pan-x, --pan-y, --source-blend, --border, --temporal,
  // --temporal-decay and --temporal-blend on `app`. This object must outlive the parse.
  void add_to(CLI::App& app, const std::string& group = "Dream");

  // The parameters the user asked for, validated. Throws livedream::Error (usage) naming the
  // option, preset or file at fault.
  DreamParams resolve(const DreamParams& defaults = {}) const;

  const std::string& preset() const { return preset_; }
  const std::string& params_from() const { return params_from_; }
  // Whether any option that sets a parameter was given (--preset and --params-from aside).
  bool any_given() const;

 private:
  DreamParams flags_;  // what the options parse into; applied only for options actually given
  std::string layers_, loss_, octave_mode_, border_, temporal_, precondition_, transforms_, preset_, params_from_;
  std::vector<std::pair<CLI::Option*, std::function<void(DreamParams&)>>> given_;
};

}  // namespace livedream::app
