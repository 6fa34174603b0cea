// livedream replay SHOT.png|TAKE.json --out OUT.png: dreams a live session's picture again from
// its timeline alone (the source comes from the file, URL or clouds spec it recorded).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "app/commands.h"
#include "app/timeline_replay.h"
#include "core/error.h"

namespace livedream::app {
namespace {

struct ReplayCommand {
  std::string timeline, out, input;
};

int run_replay(const ReplayCommand& cmd) {
  std::string ext = cmd.out.size() >= 4 ? cmd.out.substr(cmd.out.size() - 4) : "";
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".png") throw usage_error("--out " + cmd.out + " is not a .png file", "name the output like replay.png");
  return replay_into_png(read_timeline(cmd.timeline), cmd.timeline, cmd.input, cmd.out);
}

}  // namespace

void add_replay_command(CLI::App& root, Action& selected) {
  auto cmd = std::make_shared<ReplayCommand>();
  auto* sub = root.add_subcommand("replay", "Dream a viewer screenshot or a recording's last picture again from its session timeline");
  sub->add_option("timeline", cmd->timeline, "A viewer screenshot (PNG) or a recording's .timeline.json")->required();
  sub->add_option("--out,-o", cmd->out, "Output PNG (it carries the timeline again)")->required();
  sub->add_option("--input", cmd->input, "Start from this picture instead of the one recorded (e.g. the file moved)");
  sub->footer(
      "The replay takes the recorded steps with the recorded changes at the same steps; on the same device, dtype\n"
      "and CPU thread count it gives the same pixels. Sessions on a video or with dynamic resolution are refused.\n"
      "Examples:\n"
      "  livedream replay captures/livedream-20261130-120000-001.png --out again.png\n"
      "  livedream replay captures/take.mp4.timeline.json --out last-frame.png");
  sub->callback([&selected, cmd] { selected = [cmd] { return run_replay(*cmd); }; });
}

}  // namespace livedream::app
