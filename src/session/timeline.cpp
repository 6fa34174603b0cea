#include "session/timeline.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace livedream::session {
namespace {

using nlohmann::json;

constexpr TimelineChange::Kind kKinds[] = {TimelineChange::Kind::Params,    TimelineChange::Kind::Source, TimelineChange::Kind::Guide,
                                           TimelineChange::Kind::Threads,   TimelineChange::Kind::Pause,  TimelineChange::Kind::Resume,
                                           TimelineChange::Kind::SingleStep};

json origin_json(const InputOrigin& o) {
  json j = {{"kind", to_string(o.kind)}, {"input", o.input}};
  if (!o.sha256.empty()) j["sha256"] = o.sha256;
  return j;
}

// One-line errors that name the file and the field: a hand-edited take.json should say where it broke.
[[noreturn]] void bad(const std::string& source_name, const std::string& what) {
  throw usage_error(source_name + ": the session timeline " + what,
                    "use a timeline livedream wrote (a viewer screenshot or a recording's .timeline.json)");
}

const json& field(const json& j, const char* key, const std::string& source_name) {
  if (!j.is_object() || !j.contains(key)) bad(source_name, std::string("has no '") + key + "'");
  return j.at(key);
}

template <typename T>
T number(const json& j, const char* key, const std::string& source_name) {
  const json& v = field(j, key, source_name);
  if (!v.is_number()) bad(source_name, std::string("field '") + key + "' is not a number");
  return v.get<T>();
}

std::string text(const json& j, const char* key, const std::string& source_name) {
  const json& v = field(j, key, source_name);
  if (!v.is_string()) bad(source_name, std::string("field '") + key + "' is not a string");
  return v.get<std::string>();
}

InputOrigin origin_from(const json& j, const std::string& source_name) {
  InputOrigin o;
  try {
    o.kind = parse_origin_kind(text(j, "kind", source_name));
  } catch (const Error&) {
    bad(source_name, "names an unknown source kind " + j.at("kind").dump());
  }
  o.input = text(j, "input", source_name);
  if (j.contains("sha256")) o.sha256 = text(j, "sha256", source_name);
  return o;
}

DreamParams params_from(const json& j, const std::string& source_name) {
  try {
    return params_from_json(j);
  } catch (const Error& e) {
    bad(source_name, std::string("holds bad params: ") + first_line(e.what()));
  }
}

}  // namespace

Timeline Timeline::prefix(int64_t at_steps, size_t changes_count) const {
  Timeline t = *this;
  t.steps = std::min(at_steps, steps);
  t.changes.resize(std::min(changes_count, changes.size()));
  return t;
}

const char* to_string(TimelineChange::Kind kind) {
  switch (kind) {
    case TimelineChange::Kind::Params: return "params";
    case TimelineChange::Kind::Source: return "source";
    case TimelineChange::Kind::Guide: return "guide";
    case TimelineChange::Kind::Threads: return "threads";
    case TimelineChange::Kind::Pause: return "pause";
    case TimelineChange::Kind::Resume: return "resume";
    case TimelineChange::Kind::SingleStep: return "single-step";
  }
  return "params";
}

const char* to_string(Timeline::Start start) { return start == Timeline::Start::Reset ? "reset" : "load"; }

json to_json(const Timeline& t) {
  json changes = json::array();
  for (const auto& c : t.changes) {
    json j = {{"step", c.step}, {"kind", to_string(c.kind)}};
    switch (c.kind) {
      case TimelineChange::Kind::Params: j["params"] = to_json(c.params); break;
      case TimelineChange::Kind::Source:
      case TimelineChange::Kind::Guide: j["source"] = origin_json(c.source); break;
      case TimelineChange::Kind::Threads: j["threads"] = c.threads; break;
      default: break;
    }
    changes.push_back(std::move(j));
  }
  return {
      {"livedream_timeline", Timeline::kVersion},
      {"started_by", to_string(t.started_by)},
      {"source", origin_json(t.source)},
      {"guide", origin_json(t.guide)},
      {"params", to_json(t.params)},
      {"model_sha256", t.model_sha256},
      {"device", t.device},
      {"dtype", t.params.dtype},
      {"seed", t.params.seed},
      {"threads", t.threads},
      {"schedule", t.schedule},
      {"steps", t.steps},
      {"changes", std::move(changes)},
      {"inexact", t.inexact},
  };
}

Timeline timeline_from_json(const json& j, const std::string& source_name) {
  if (!j.is_object() || !j.contains("livedream_timeline")) bad(source_name, "is missing (not a livedream timeline)");
  if (number<int>(j, "livedream_timeline", source_name) != Timeline::kVersion)
    bad(source_name,
        "has version " + j.at("livedream_timeline").dump() + ", this livedream reads version " + std::to_string(Timeline::kVersion));
  Timeline t;
  const std::string start = text(j, "started_by", source_name);
  if (start != "load" && start != "reset") bad(source_name, "field 'started_by' is '" + start + "'");
  t.started_by = start == "reset" ? Timeline::Start::Reset : Timeline::Start::Load;
  t.source = origin_from(field(j, "source", source_name), source_name);
  t.guide = origin_from(field(j, "guide", source_name), source_name);
  t.params = params_from(field(j, "params", source_name), source_name);
  t.model_sha256 = text(j, "model_sha256", source_name);
  t.device = text(j, "device", source_name);
  t.threads = number<int>(j, "threads", source_name);
  t.schedule = text(j, "schedule", source_name);
  t.steps = number<int64_t>(j, "steps", source_name);
  if (t.steps < 0) bad(source_name, "counts " + std::to_string(t.steps) + " steps");
  const json& changes = field(j, "changes", source_name);
  if (!changes.is_array()) bad(source_name, "field 'changes' is not a list");
  int64_t last = 0;
  for (const auto& c : changes) {
    TimelineChange change;
    change.step = number<int64_t>(c, "step", source_name);
    if (change.step < last || change.step > t.steps)
      bad(source_name, "has a change at step " + std::to_string(change.step) + " out of order (steps " + std::to_string(last) + " to " +
                           std::to_string(t.steps) + ")");
    last = change.step;
    const std::string kind = text(c, "kind", source_name);
    const auto* found = std::find_if(std::begin(kKinds), std::end(kKinds), [&](auto k) { return kind == to_string(k); });
    if (found == std::end(kKinds)) bad(source_name, "has a change of unknown kind '" + kind + "'");
    change.kind = *found;
    switch (change.kind) {
      case TimelineChange::Kind::Params: change.params = params_from(field(c, "params", source_name), source_name); break;
      case TimelineChange::Kind::Source:
      case TimelineChange::Kind::Guide: change.source = origin_from(field(c, "source", source_name), source_name); break;
      case TimelineChange::Kind::Threads: change.threads = number<int>(c, "threads", source_name); break;
      default: break;
    }
    t.changes.push_back(std::move(change));
  }
  if (j.contains("inexact")) {
    const json& inexact = j.at("inexact");
    if (!inexact.is_array()) bad(source_name, "field 'inexact' is not a list");
    for (const auto& reason : inexact) {
      if (!reason.is_string()) bad(source_name, "field 'inexact' holds a non-string");
      t.inexact.push_back(reason.get<std::string>());
    }
  }
  return t;
}

Timeline timeline_from_json_text(const std::string& text_in, const std::string& source_name) {
  json j;
  try {
    j = json::parse(text_in);
  } catch (const json::parse_error& e) {
    throw usage_error(source_name + " is not valid JSON: " + first_line(e.what()), "use a timeline livedream wrote");
  }
  return timeline_from_json(j, source_name);
}

}  // namespace livedream::session
