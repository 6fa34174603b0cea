// The default action: `livedream [IMAGE] [options]` opens the live viewer.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "app/atlas_cell_source.h"
#include "app/commands.h"
#include "app/dream_options.h"
#include "app/live_output_options.h"
#include "core/error.h"
#include "core/input_image.h"
#include "viewer/viewer.h"

namespace livedream::app {
namespace {

// `livedream frobnicate`: a word that is no file, no URL and not the clouds was most likely meant
// as a command. Says so, with the commands, instead of "image not found".
void refuse_word_as_image(const CLI::App& root, const std::string& image) {
  if (image.empty() || is_builtin_clouds(image) || image.find('.') != std::string::npos || image.find('/') != std::string::npos ||
      image.find(':') != std::string::npos)
    return;
  std::error_code ec;
  if (std::filesystem::exists(image, ec)) return;
  std::string commands;
  for (const CLI::App* command : root.get_subcommands([](const CLI::App*) { return true; }))
    commands += (commands.empty() ? "" : ", ") + command->get_name();
  throw usage_error("'" + image + "' is neither a command nor an image file (commands: " + commands + ")",
                    "see livedream --help; the viewer's IMAGE is a file, an http(s) URL or clouds");
}

}  // namespace

void add_view_command(CLI::App& root, Action& selected) {
  auto options = std::make_shared<viewer::ViewerOptions>();
  auto dream = std::make_shared<DreamOptions>();
  auto no_vsync = std::make_shared<bool>(false);
  auto live = std::make_shared<LiveOutputFlags>();
  const char* group = "Viewer (the default action: livedream [IMAGE] [options])";
  root.add_option("image", options->image,
                  "Image to dream on: a file, an http(s) URL or clouds[:WxH] (default: the last one, else the "
                  "built-in clouds); drop files onto the window to switch")
      ->group(group);
  // The same dream options as `livedream dream`: the viewer starts with them (over what it remembers).
  dream->add_to(root, "Dream settings (the viewer starts with these; they are remembered)");
  root.add_option("--schedule", options->schedule,
                  "lockstep: one step per frame (default on a GPU); async: the engine on a worker thread, the window at display rate "
                  "(default on the CPU)")
      ->check(CLI::IsMember({"auto", "lockstep", "async"}))
      ->group(group);
  root.add_option("--dynamic-resolution", options->dynamic_resolution, "Adapt the resolution to hold this many steps per second (0: off)")
      ->check(CLI::Range(0.0, 1000.0))
      ->group(group);
  root.add_option("--width", options->width, "Window width in pixels")->check(CLI::Range(200, 16384))->group(group);
  root.add_option("--height", options->height, "Window height in pixels")->check(CLI::Range(150, 16384))->group(group);
  root.add_flag("--no-vsync", *no_vsync, "Render as fast as possible instead of at the display rate")->group(group);
  root.add_flag("--reset-settings", options->reset_settings, "Forget the remembered settings and panel layout, then start fresh")
      ->group(group);
  root.add_flag("--gl-debug", options->gl_debug, "OpenGL debug output on stderr")->group(group);
  const char* output = "Output window (a projector: only the dream, the controls stay in the main window)";
  root.add_flag("--output-window", options->output_window, "Open the output window (View > Output window; F11 in it: fullscreen)")
      ->group(output);
  root.add_option("--output-display", options->output_display,
                  "Put the output window fullscreen on monitor N (`livedream monitors` lists them); implies --output-window")
      ->check(CLI::Range(1, 64))
      ->group(output);
  root.add_option("--output-fit", options->output_fit, "How the dream fills the output: fit (letterbox), fill (crop) or stretch")
      ->check(CLI::IsMember({"fit", "fill", "stretch"}))
      ->group(output);
  add_live_output_options(root, *live);
  const char* controllers = "Controllers (MIDI; OSC: --osc)";
  root.add_option("--midi", options->midi,
                  "Open MIDI input ports: a number or part of a name as `livedream midi --list` shows them, or all")
      ->group(controllers);
  root.add_option("--midi-map", options->midi_map,
                  "MIDI bindings from a map file (the Control panel's Save map writes one; README: Outputs and controllers)")
      ->group(controllers);
  const char* captures = "Captures (F12 screenshot, Shift+F12 window, F9 record)";
  root.add_option("--captures", options->captures_dir,
                  "Folder for screenshots and recordings (default $LIVEDREAM_CAPTURES, else ./captures; created when needed)")
      ->group(captures);
  root.add_flag("--record", options->record, "Start recording as soon as the dream shows; the video ends when the viewer does")
      ->group(captures);
  root.add_option("--record-format", options->record_format, "mp4 (H.264), gif, or png (a PNG sequence); without ffmpeg: png")
      ->check(CLI::IsMember({"mp4", "gif", "png"}))
      ->capture_default_str()
      ->group(captures);
  root.add_option("--record-fps", options->record_fps, "Playback rate of recordings of a still: one video frame per engine step")
      ->check(CLI::Range(1, 240))
      ->capture_default_str()
      ->group(captures);
  root.add_option("--record-timing", options->record_timing,
                  "source: a video or camera session records at the source's rate, the dream shown at each of its frames, "
                  "with a file's sound; steps: one video frame per engine step at --record-fps, as for a still")
      ->check(CLI::IsMember({"source", "steps"}))
      ->capture_default_str()
      ->group(captures);
  const char* control = "Control from outside (OSC; livedream osc --list shows the addresses)";
  root.add_option("--osc", options->osc_port, "Listen for OSC messages on this UDP port (every live control has an address)")
      ->check(CLI::Range(1, 65535))
      ->group(control);
  root.add_option("--osc-bind", options->osc_bind,
                  "Address the OSC port is bound to; the default, 127.0.0.1, takes messages from this machine only")
      ->capture_default_str()
      ->group(control);
  const char* scripted = "Scripted runs and tests";
  root.add_option("--frames", options->frames, "Quit after N frames, counted from the first dream frame")
      ->check(CLI::Range(1, 100'000'000))
      ->group(scripted);
  root.add_option("--quit-after-steps", options->quit_after_steps,
                  "Quit once the dream shown has taken N engine steps, on any schedule (--frames counts display "
                  "frames: in async mode on a CPU many of them show the same step)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}))
      ->group(scripted);
  root.add_flag("--remember", options->remember,
                "Save the settings at exit even in a scripted run (--frames, --quit-after-steps leave them alone otherwise)")
      ->group(scripted);
  root.add_option("--screenshot-window", options->screenshot_window, "Save the whole window (UI included) as PNG on exit")->group(scripted);
  root.add_option("--screenshot-dream", options->screenshot_dream, "Save the dream frame shown last as PNG on exit")->group(scripted);
  root.add_option("--stats-json", options->stats_json, "Write frame times, steps and the upload path as JSON on exit")->group(scripted);
  root.add_option("--screenshot-output", options->screenshot_output, "Save the output window as PNG on exit (with --output-window)")
      ->group(scripted);
  auto change_texts = std::make_shared<std::vector<std::string>>();
  root.add_option("--change-at", *change_texts,
                  "STEP:{\"key\":value,...} or STEP:reset: once the dream shown has taken STEP steps, change these "
                  "parameters (a preset's keys) or reset, as the sliders would (repeatable)")
      ->group(scripted);

  root.callback([&root, &selected, options, dream, no_vsync, change_texts, live] {
    if (selected) return;  // a subcommand or --version was chosen
    selected = [&root, options, dream, no_vsync, change_texts, live] {
      refuse_word_as_image(root, options->image);
      viewer::ViewerOptions o = *options;
      for (const auto& text : *change_texts) o.changes.push_back(viewer::parse_scripted_change(text));
      o.vsync = !*no_vsync;
      if (o.output_display > 0) o.output_window = true;
      check_live_output_flags(*live);
      o.stream_out = live->stream_out;
      o.stream_bitrate = live->stream_bitrate;
      o.virtual_camera = live->virtual_camera;
      if (!o.screenshot_output.empty() && !o.output_window)
        throw usage_error("--screenshot-output needs the output window", "add --output-window");
      o.resolve_params = [dream](const DreamParams& remembered) { return dream->resolve(remembered); };
      o.preset = dream->preset();
      o.max_dim_given = root.get_option("--max-dim")->count() > 0;
      o.atlas_source = atlas_cell_source_factory();
      return viewer::run_viewer(o);
    };
  });
}

}  // namespace livedream::app
