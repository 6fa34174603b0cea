// How the session paces the engine against the render loop:
//   lockstep: one step per rendered frame (the default when the engine runs on a GPU);
//   async:    the worker steps continuously; the window renders at display rate and shows the
//             newest finished frame (the default on the CPU, where a step can take hundreds of ms).
#pragma once
#include <string>

namespace livedream::session {

enum class Schedule { Auto, Lockstep, Async };
const char* to_string(Schedule schedule);
Schedule parse_schedule(const std::string& text);  // auto | lockstep | async; throws usage errors
// Auto resolves by where the engine runs.
inline Schedule resolve_schedule(Schedule requested, bool engine_on_gpu) {
  if (requested != Schedule::Auto) return requested;
  return engine_on_gpu ? Schedule::Lockstep : Schedule::Async;
}

}  // namespace livedream::session
