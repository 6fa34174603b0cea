// What the command line asks of the viewer (app/command_view.cpp fills it in).
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <vector>

#include "core/dream_params.h"
#include "viewer/atlas_worker.h"
#include "viewer/scripted_change.h"

namespace livedream::viewer {

struct ViewerOptions {
  std::string image;  // a file, an http(s) URL or clouds[:WxH]; empty: the last image, else clouds
  // The dream options of the command line (a preset, then each option given) applied over the
  // remembered parameters; throws livedream::Error (usage) for bad ones.
  std::function<DreamParams(const DreamParams& remembered)> resolve_params;
  std::string preset;          // --preset NAME or FILE, for the Presets combo to show (resolve_params applies it)
  bool max_dim_given = false;  // --max-dim was on the command line (a remembered one is then not used)
  int frames = 0;              // > 0: quit after this many frames (display frames) once the dream shows
  // > 0: quit once the dream shown has taken this many engine steps. Unlike `frames` it means the
  // same on every schedule (in async mode on a CPU many frames show the same step).
  int64_t quit_after_steps = 0;
  std::string screenshot_window;  // PNG of the whole window (UI included) at the last frame
  std::string screenshot_dream;   // PNG of the dream frame shown at the last frame (exact pixels)
  std::string stats_json;         // frame times, steps, upload path... written at exit
  std::string screenshot_output;  // PNG of the output window at the last frame (with output_window)
  // The projector's window (render/output_window.h): only the dream, in a second window.
  bool output_window = false;
  int output_display = 0;          // a monitor's number (1..) for fullscreen there; 0: a window
  std::string output_fit = "fit";  // fit | fill | stretch
  // Live outputs started with the viewer (capture/live_outputs.h): a stream, a virtual camera.
  std::string stream_out, stream_bitrate = "4M", virtual_camera;
  // MIDI controllers: ports to open (a number, part of a name, or all) and a map file of bindings.
  std::string midi, midi_map;
  std::vector<ScriptedChange> changes;  // --change-at, in the order given
  std::string schedule;                 // auto | lockstep | async; empty: remembered, else auto
  int width = 0, height = 0;            // window size; 0: remembered, else 1280x800
  bool vsync = true;
  bool reset_settings = false;
  // A scripted run (frames or quit_after_steps) reads the remembered settings but leaves them as
  // they were, so a test or a script never changes the next interactive start; `remember` saves
  // them anyway.
  bool remember = false;
  bool scripted() const { return frames > 0 || quit_after_steps > 0; }
  bool gl_debug = false;
  double dynamic_resolution = -1;  // target steps/s; 0: off; < 0: remembered
  // Captures: screenshots (F12) and recordings (F9) go to this folder (created when needed;
  // empty: $LIVEDREAM_CAPTURES, else ./captures). With `record`, a recording starts as soon as
  // the dream shows and ends when the viewer does (with --frames: N frames of video in lockstep).
  std::string captures_dir;
  bool record = false;
  std::string record_format = "mp4";  // mp4 | gif | png (a PNG sequence)
  int record_fps = 30;                // playback rate: one video frame per engine step
  // A video or camera session records in the source's time (its rate, a file's sound); "steps":
  // one frame per engine step at record_fps, as for a still.
  std::string record_timing = "source";
  // OSC control: > 0 opens this UDP port (control/osc_server) on osc_bind, loopback unless told.
  int osc_port = 0;
  std::string osc_bind = "127.0.0.1";
  // What computes the channel atlas's pictures (app: the atlas module); empty: no atlas.
  AtlasSourceFactory atlas_source;
};

}  // namespace livedream::viewer
