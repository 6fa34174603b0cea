#include "viewer/recording_timeline.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "core/file_io.h"

namespace livedream::viewer {

void RecordingTimeline::start() {
  first_ = {};
  last_ = {};
}

void RecordingTimeline::on_recorded(const session::DreamSession& session, uint64_t serial) {
  last_ = session.timeline_for(serial);  // shared: no copy per frame
  if (!first_) first_ = last_;
}

std::string RecordingTimeline::sidecar_path(const std::string& target) {
  // A PNG sequence's target is a pattern in its folder: the sidecar goes beside the folder.
  if (target.find('%') != std::string::npos) return std::filesystem::path(target).parent_path().string() + ".timeline.json";
  return target + ".timeline.json";
}

std::string RecordingTimeline::finish(const std::string& target, int fps, int64_t frames) {
  if (!first_ || !last_ || target.empty()) return {};
  const session::Timeline last = last_.get(), first = first_.get();
  nlohmann::json j = session::to_json(last);
  // The same timeline from the first frame to the last, unless the dream was reset (or its model
  // changed) while recording: then the timeline starts there, and so does a replay.
  const bool same = last.prefix(first.steps, first.changes.size()) == first;
  j["recording"] = {{"file", std::filesystem::path(target).filename().string()},
                    {"first_step", same ? first.steps : int64_t{0}},
                    {"fps", fps},
                    {"frames", frames}};
  if (!same) j["recording"]["note"] = "the dream was reset while recording: this timeline covers the frames from the reset on";
  const std::string path = sidecar_path(target);
  write_file_atomically(path, j.dump(1) + "\n", "recording timeline");
  start();
  return path;
}

}  // namespace livedream::viewer
