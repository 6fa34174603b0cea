// A session timeline: everything needed to dream a live session's picture again, step for step.
// It starts at a model load or a reset (carrying the state then in force: the source, the model,
// the params with their seed, the CPU threads) and lists every change that took effect after,
// with the number of steps taken when it did. The session's worker records it where changes
// land (dream_session_timeline.cpp); the timeline player (timeline_player.h) replays it. Plain
// data and its JSON: the viewer writes it into screenshots and beside recordings.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/dream_params.h"
#include "core/input_image.h"

namespace livedream::session {

struct TimelineChange {
  enum class Kind {
    Params,   // params: the whole set now in force
    Source,   // source: a new picture (the dream restarts from it)
    Guide,    // source: the guide now in force (empty input: no guide)
    Threads,  // threads: the engine's CPU threads
    Pause,    // the rest only tell the story: replay counts steps, so they change nothing
    Resume,
    SingleStep,
  };
  Kind kind = Kind::Params;
  int64_t step = 0;  // steps taken in this timeline when it took effect (before the next step)
  DreamParams params{};
  InputOrigin source{};
  int threads = 0;
  bool operator==(const TimelineChange&) const = default;
};

struct Timeline {
  static constexpr int kVersion = 1;
  enum class Start { Load, Reset };
  Start started_by = Start::Load;
  InputOrigin source;                   // the picture the dream started from
  InputOrigin guide;                    // empty input: no guide
  DreamParams params;                   // in force at the start (the seed among them)
  std::string model_sha256;             // of the model file that dreamt
  std::string device;                   // "cpu", "cuda:0"
  int threads = 0;                      // the engine's CPU threads at the start (0: not set)
  std::string schedule;                 // lockstep | async (informative: steps are counted either way)
  int64_t steps = 0;                    // steps taken since the start
  std::vector<TimelineChange> changes;  // in the order they took effect
  // Why a replay cannot be exact (a video frame came in, dynamic resolution resized the dream);
  // empty: it can, on the same device, dtype and thread count.
  std::vector<std::string> inexact;
  bool operator==(const Timeline&) const = default;

  // This timeline as it stood `steps` steps in with its first `changes` changes (a screenshot of
  // an earlier frame than the newest).
  Timeline prefix(int64_t steps, size_t changes) const;
};

const char* to_string(TimelineChange::Kind kind);  // "params", "source", ...
const char* to_string(Timeline::Start start);      // "load" | "reset"

nlohmann::json to_json(const Timeline& timeline);
// Throws livedream::Error (usage) with one line naming `source_name` and the field at fault.
Timeline timeline_from_json(const nlohmann::json& json, const std::string& source_name);
Timeline timeline_from_json_text(const std::string& text, const std::string& source_name);

}  // namespace livedream::session
