// Replaying a live session's timeline headless (`dream --params-from SHOT.png`, `replay`,
// `render --replay`): reading the timeline from a PNG or a JSON file, loading the pictures it
// names (checking their sha256), and driving the engine through the same backend the viewer's
// session uses, with the same calls at the same steps (session/timeline_player.h).
#pragma once
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "session/timeline.h"
#include "session/timeline_player.h"

namespace livedream::app {

// The timeline in a PNG livedream wrote (a viewer screenshot), or none. Throws livedream::Error
// for a PNG that cannot be read or a timeline that does not parse.
std::optional<session::Timeline> timeline_in_png(const std::string& path);
// A timeline from a PNG (which must hold one) or a .timeline.json / .json file; one-line errors.
session::Timeline read_timeline(const std::string& path);

// Loads a picture a timeline names: a file or URL must have the recorded sha256 (else a one-line
// error naming it), the clouds are made again.
session::TimelinePlayer::InputLoader timeline_input_loader();

// A player of `timeline` on the real engine, its inputs loaded, the CPU threads set; `map` changes
// the params the engine gets (a render's --scale). Refuses a timeline that cannot be replayed, in
// one line naming `name`. Notes on `notes` what differs from the recording (model, device).
// `load` loads its pictures (empty: timeline_input_loader()).
std::unique_ptr<session::TimelinePlayer> start_replay(const session::Timeline& timeline, const std::string& name, std::ostream& notes,
                                                      session::TimelinePlayer::ParamsMap map = {},
                                                      session::TimelinePlayer::InputLoader load = {});

// `input` (a file, URL or clouds spec) as the picture the timeline starts from; a note on `notes`
// when it is not the recorded one.
void start_from_input(session::Timeline& timeline, const std::string& name, const std::string& input, std::ostream& notes);

// Replays `timeline` (named `name`) into the PNG `out`, with `input` (when not empty) as the
// picture it starts from instead of the recorded one (a note says so when they differ). Returns 0.
int replay_into_png(session::Timeline timeline, const std::string& name, const std::string& input, const std::string& out);

// The params in force at the end of a timeline (the last params change, else the starting ones).
DreamParams final_params(const session::Timeline& timeline);

// Plays the rest of the timeline and writes its picture to `out` as a PNG that carries the
// parameters and the timeline again (so a replay can be replayed). `input` names the source.
void finish_replay_png(session::TimelinePlayer& player, const std::string& out, const std::string& input);

}  // namespace livedream::app
