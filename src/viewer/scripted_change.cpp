#include "viewer/scripted_change.h"

#include <cctype>

#include "core/dream_params.h"
#include "core/error.h"

namespace livedream::viewer {

ScriptedChange parse_scripted_change(const std::string& text) {
  const auto fix = "use --change-at STEP:{\"step_size\":0.02} or --change-at STEP:reset";
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0) throw usage_error("--change-at " + text + " has no STEP: in front", fix);
  ScriptedChange change;
  const std::string step = text.substr(0, colon);
  for (char c : step)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      throw usage_error("--change-at " + text + ": '" + step + "' is not a step count", fix);
  if (step.size() > 12) throw usage_error("--change-at " + text + ": step " + step + " is too large", fix);
  change.step = std::stoll(step);
  const std::string what = text.substr(colon + 1);
  if (what == "reset") {
    change.reset = true;
    return change;
  }
  try {
    change.params = nlohmann::json::parse(what);
  } catch (const nlohmann::json::parse_error&) {
    throw usage_error("--change-at " + text + ": '" + what + "' is neither reset nor a JSON object", fix);
  }
  try {
    validate(params_from_json(change.params));  // bad keys and values now, not mid-run
  } catch (const Error& e) {
    throw usage_error("--change-at " + text + ": " + first_line(e.what()), fix);
  }
  return change;
}

}  // namespace livedream::viewer
