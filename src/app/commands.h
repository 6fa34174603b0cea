// The CLI's commands. Each add_* registers its subcommand (or flags) on the root app; when the
// user picks it, its callback stores the work to do in `selected`, which cli.cpp runs inside the
// one place that turns exceptions into one-line errors and exit codes.
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace livedream::app {

using Action = std::function<int()>;

void add_version_flag(CLI::App& root, Action& selected);
void add_layers_command(CLI::App& root, Action& selected);
void add_dream_command(CLI::App& root, Action& selected);     // livedream dream INPUT --out OUT.png
void add_bench_command(CLI::App& root, Action& selected);     // livedream bench: speed and memory
void add_render_command(CLI::App& root, Action& selected);    // livedream render INPUT --out dream.mp4 --frames N
void add_monitors_command(CLI::App& root, Action& selected);  // livedream monitors: for --output-display
void add_midi_command(CLI::App& root, Action& selected);      // livedream midi --list: for --midi
void add_osc_command(CLI::App& root, Action& selected);       // livedream osc --list: the OSC addresses
void add_params_command(CLI::App& root, Action& selected);    // livedream params: the parameter table
void add_atlas_command(CLI::App& root, Action& selected);     // livedream atlas --layer L --out atlas.png
// The viewer: options and IMAGE on the root; runs when no subcommand is given.
void add_replay_command(CLI::App& root, Action& selected);  // livedream replay SHOT.png --out OUT.png
void add_view_command(CLI::App& root, Action& selected);

}  // namespace livedream::app
