// Replays a session timeline (timeline.h) on a backend: the backend calls the session's worker
// made, in the same order, at the same step counts (the model's creation with the starting
// params and source, the guide, the CPU threads, then each change before the step it preceded),
// so the same backend on the same device, dtype and thread count makes the same pixels. Pause,
// resume and single steps change nothing here: the steps are counted, whatever their timing.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/image.h"
#include "session/dream_backend.h"
#include "session/timeline.h"

namespace livedream::session {

class TimelinePlayer {
 public:
  // Loads a source or guide the timeline names (checking its sha256); throws livedream::Error.
  using InputLoader = std::function<Image(const InputOrigin& origin, const std::string& role)>;
  // Changes every params the backend gets (the render's --scale); identity when empty.
  using ParamsMap = std::function<DreamParams(const DreamParams&)>;

  // Refuses (livedream::Error, usage, one line) a timeline that cannot be replayed: a video input,
  // dynamic resolution, an unknown source. Then loads the source and creates the backend.
  TimelinePlayer(Timeline timeline, const BackendFactory& factory, const InputLoader& load, ParamsMap map = {});

  int64_t steps_taken() const { return steps_; }
  int64_t total_steps() const { return timeline_.steps; }
  bool done() const { return steps_ >= timeline_.steps; }
  // The changes due before the next step, then the step.
  void step();
  // Every step left, then the changes that came after the last one (before the frame was taken).
  void finish();
  DreamBackend& backend() { return *backend_; }
  const Timeline& timeline() const { return timeline_; }

 private:
  void apply_changes_due();

  Timeline timeline_;
  InputLoader load_;
  ParamsMap map_;
  std::unique_ptr<DreamBackend> backend_;
  size_t next_change_ = 0;
  int64_t steps_ = 0;
};

// Throws the one-line error the player would for a timeline it cannot replay exactly; nothing else.
void check_replayable(const Timeline& timeline, const std::string& source_name);

}  // namespace livedream::session
