#include "session/schedule.h"

#include "core/error.h"

namespace livedream::session {

const char* to_string(Schedule schedule) {
  switch (schedule) {
    case Schedule::Lockstep: return "lockstep";
    case Schedule::Async: return "async";
    default: return "auto";
  }
}

Schedule parse_schedule(const std::string& text) {
  if (text == "auto") return Schedule::Auto;
  if (text == "lockstep") return Schedule::Lockstep;
  if (text == "async") return Schedule::Async;
  throw usage_error("unknown schedule '" + text + "'", "use --schedule auto, lockstep or async");
}

}  // namespace livedream::session
