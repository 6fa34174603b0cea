// Scripted changes (--change-at STEP:WHAT): what a person would do at the sliders, at a known
// step, so that a scripted run (tests, demos) can change the dream mid-run. WHAT is a JSON object
// of parameters put over the ones in force (the keys of a preset), or "reset".
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace livedream::viewer {

struct ScriptedChange {
  int64_t step = 0;                 // at the first frame that shows this many steps or more
  bool reset = false;               // the dream goes back to its source
  nlohmann::json params = nullptr;  // else: these parameters over the ones in force
};

// Throws livedream::Error (usage) naming the option and the fault, e.g. a bad key in the JSON.
ScriptedChange parse_scripted_change(const std::string& text);

}  // namespace livedream::viewer
