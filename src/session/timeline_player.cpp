#include "session/timeline_player.h"

#include <utility>

#include "core/error.h"

namespace livedream::session {

void check_replayable(const Timeline& timeline, const std::string& source_name) {
  if (!timeline.inexact.empty())
    throw usage_error(source_name + " cannot be replayed exactly: " + timeline.inexact.front(),
                      "for replayable sessions turn dynamic resolution off and dream on an image, not a video");
  if (timeline.source.kind == InputOrigin::Kind::Unknown)
    throw usage_error(source_name + ": the timeline does not say where its source image came from",
                      "replay only sessions that opened a file, a URL or the clouds");
  for (const auto& change : timeline.changes)
    if (change.kind == TimelineChange::Kind::Source && change.source.kind == InputOrigin::Kind::Unknown)
      throw usage_error(source_name + ": the image opened at step " + std::to_string(change.step) + " has no known origin",
                        "replay only sessions that opened files, URLs or the clouds");
}

TimelinePlayer::TimelinePlayer(Timeline timeline, const BackendFactory& factory, const InputLoader& load, ParamsMap map)
    : timeline_(std::move(timeline)), load_(load), map_(std::move(map)) {
  check_replayable(timeline_, "the timeline");
  if (!map_) map_ = [](const DreamParams& p) { return p; };
  const Image source = load_(timeline_.source, "source image");
  DreamParams params = map_(timeline_.params);
  backend_ = factory(params, source);
  if (!timeline_.guide.input.empty()) {
    const Image guide = load_(timeline_.guide, "guide image");
    backend_->set_guide(&guide);
  }
  if (timeline_.threads > 0) backend_->set_cpu_threads(timeline_.threads);
}

void TimelinePlayer::apply_changes_due() {
  while (next_change_ < timeline_.changes.size() && timeline_.changes[next_change_].step <= steps_) {
    const TimelineChange& c = timeline_.changes[next_change_++];
    switch (c.kind) {
      case TimelineChange::Kind::Params: backend_->set_params(map_(c.params)); break;
      case TimelineChange::Kind::Source: backend_->set_source(load_(c.source, "source image")); break;
      case TimelineChange::Kind::Guide:
        if (c.source.input.empty())
          backend_->set_guide(nullptr);
        else {
          const Image guide = load_(c.source, "guide image");
          backend_->set_guide(&guide);
        }
        break;
      case TimelineChange::Kind::Threads: backend_->set_cpu_threads(c.threads); break;
      case TimelineChange::Kind::Pause:
      case TimelineChange::Kind::Resume:
      case TimelineChange::Kind::SingleStep: break;  // the steps are counted: their timing changes nothing
    }
  }
}

void TimelinePlayer::step() {
  apply_changes_due();
  backend_->step();
  ++steps_;
}

void TimelinePlayer::finish() {
  while (!done()) step();
  apply_changes_due();
}

}  // namespace livedream::session
