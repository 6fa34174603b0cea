// The session timeline of a recording, written beside it when it ends ("<video>.timeline.json";
// a PNG sequence's: "<folder>.timeline.json"): the timeline up to the last frame recorded, and
// the step the recording began at, so `render --replay` can dream the same frames again, one
// video frame per step, at any size.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "session/dream_session.h"

namespace livedream::viewer {

class RecordingTimeline {
 public:
  void start();  // a recording began: forget the last one's frames
  // A frame went into the recording (its serial, from the session).
  void on_recorded(const session::DreamSession& session, uint64_t serial);
  // The recording ended (`target`: its file or PNG pattern): writes the sidecar. Returns its path,
  // or empty when nothing was recorded. Throws livedream::Error when it cannot be written.
  std::string finish(const std::string& target, int fps, int64_t frames);

  static std::string sidecar_path(const std::string& target);

 private:
  session::TimelineSnapshot first_, last_;  // at the first and the last frame recorded
};

}  // namespace livedream::viewer
