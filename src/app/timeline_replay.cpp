#include "app/timeline_replay.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>

#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/input_image.h"
#include "core/log.h"
#include "core/png_keys.h"
#include "core/rgba_frame.h"
#include "session/torch_backend.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

bool ends_with_png(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".png";
}

}  // namespace

std::optional<session::Timeline> timeline_in_png(const std::string& path) {
  const auto text = read_png_text(path);
  const auto found = text.find(png_keys::kTimeline);
  if (found == text.end()) return std::nullopt;
  return session::timeline_from_json_text(found->second, path);
}

session::Timeline read_timeline(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw usage_error("timeline file not found: " + path, "give a viewer screenshot (PNG) or a recording's .timeline.json");
  if (ends_with_png(path)) {
    auto timeline = timeline_in_png(path);
    if (!timeline)
      throw usage_error(path + " holds no session timeline",
                        "give a viewer screenshot (F12 or --screenshot-dream); a `dream` PNG replays with dream INPUT --params-from");
    return *timeline;
  }
  return session::timeline_from_json_text(read_file_text(path, "timeline"), path);
}

session::TimelinePlayer::InputLoader timeline_input_loader() {
  // The same picture may be named again (a source change back to it): load it once.
  auto cache = std::make_shared<std::map<std::string, Image>>();
  return [cache](const InputOrigin& origin, const std::string& role) -> Image {
    if (const auto hit = cache->find(origin.input); hit != cache->end()) return hit->second;
    if (origin.kind == InputOrigin::Kind::Unknown || origin.input.empty())
      throw usage_error("the timeline's " + role + " has no known origin", "replay only sessions on files, URLs or the clouds");
    OpenedInput opened = load_input_with_origin(origin.input, role);
    if (!origin.sha256.empty() && opened.origin.sha256 != origin.sha256)
      throw usage_error(role + " " + origin.input + " is not the one the timeline dreamt on (sha256 " + opened.origin.sha256.substr(0, 12) +
                            "..., recorded " + origin.sha256.substr(0, 12) + "...)",
                        "put the original file back at that path");
    return cache->emplace(origin.input, std::move(opened.image)).first->second;
  };
}

std::unique_ptr<session::TimelinePlayer> start_replay(const session::Timeline& timeline, const std::string& name, std::ostream& notes,
                                                      session::TimelinePlayer::ParamsMap map, session::TimelinePlayer::InputLoader load) {
  session::check_replayable(timeline, name);
  auto player = std::make_unique<session::TimelinePlayer>(timeline, session::torch_backend_factory(), load ? load : timeline_input_loader(),
                                                          std::move(map));
  const session::ModelDescription model = player->backend().describe();
  if (log::enabled(log::Level::Info))
    notes << log::line(log::Level::Info, log::words("model ", model.path, " (sha256 ", model.sha256, ") on ", model.device));
  if (!log::enabled(log::Level::Note)) return player;
  if (!timeline.model_sha256.empty() && model.sha256 != timeline.model_sha256)
    notes << log::line(log::Level::Note, log::words(name, " was dreamt with another model (sha256 ", timeline.model_sha256.substr(0, 12),
                                                    "...); the replay will differ"));
  if (!timeline.device.empty() && model.device != timeline.device)
    notes << log::line(log::Level::Note, log::words(name, " was dreamt on ", timeline.device, ", this replay runs on ", model.device,
                                                    ": the picture will differ (the ascent is chaotic)"));
  return player;
}

void start_from_input(session::Timeline& timeline, const std::string& name, const std::string& input, std::ostream& notes) {
  const InputOrigin given = load_input_with_origin(input, "input image").origin;
  const bool same =
      given.kind == timeline.source.kind &&
      (given.kind == InputOrigin::Kind::Procedural ? given.input == timeline.source.input : given.sha256 == timeline.source.sha256);
  if (!same && log::enabled(log::Level::Note))
    notes << log::line(log::Level::Note, log::words(input, " is not the picture ", name, " started from (", timeline.source.input,
                                                    "): replaying its timeline on ", input));
  timeline.source = given;
}

int replay_into_png(session::Timeline timeline, const std::string& name, const std::string& input, const std::string& out) {
  session::check_replayable(timeline, name);
  if (!input.empty()) start_from_input(timeline, name, input, std::cerr);
  log::info(log::words("replaying ", name, ": ", timeline.steps, " steps, ", timeline.changes.size(), " changes, ", timeline.threads,
                       " CPU threads"));
  auto player = start_replay(timeline, name, std::cerr);
  finish_replay_png(*player, out, timeline.source.input);
  log::info(log::words("wrote ", out));
  return 0;
}

DreamParams final_params(const session::Timeline& timeline) {
  DreamParams params = timeline.params;
  for (const auto& change : timeline.changes)
    if (change.kind == session::TimelineChange::Kind::Params) params = change.params;
  return params;
}

void finish_replay_png(session::TimelinePlayer& player, const std::string& out, const std::string& input) {
  player.finish();
  const Image picture = to_rgb(player.backend().frame(false));
  const std::map<std::string, std::string> text{
      {png_keys::kParams, to_json(final_params(player.timeline())).dump()},
      {png_keys::kModelSha256, player.backend().describe().sha256},
      {png_keys::kInput, input},
      {png_keys::kTimeline, session::to_json(player.timeline()).dump()},
      {png_keys::kVersion, LIVEDREAM_VERSION},
      {png_keys::kSoftware, "livedream " LIVEDREAM_VERSION},
  };
  save_png(out, picture, text);
}

}  // namespace livedream::app
