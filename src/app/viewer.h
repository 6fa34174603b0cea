// The live viewer: a window where the image dreams continuously and every control acts live.
// The loop is thin (`while (viewer.frame()) {}`); setup problems throw livedream::Error from the
// constructor (no display: one line suggesting `livedream dream`), everything after is shown in
// the window and never ends the program.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "app/dream_session.h"
#include "core/dream_params.h"

namespace livedream::app {

struct ViewerOptions {
  std::string image;  // a file, an http(s) URL or clouds[:WxH]; empty: the last image, else clouds
  // The dream options of the command line (a preset, then each option given) applied over the
  // remembered parameters; throws livedream::Error (usage) for bad ones.
  std::function<DreamParams(const DreamParams& remembered)> resolve_params;
  int frames = 0;      // > 0: quit after this many frames once the dream shows
  std::string screenshot_window;  // PNG of the whole window (UI included) at the last frame
  std::string screenshot_dream;   // PNG of the dream frame shown at the last frame (exact pixels)
  std::string stats_json;         // frame times, steps, upload path... written at exit
  std::string schedule;           // auto | lockstep | async; empty: remembered, else auto
  int width = 0, height = 0;      // window size; 0: remembered, else 1280x800
  bool vsync = true;
  bool reset_settings = false;
  bool gl_debug = false;
  double dynamic_resolution = -1;  // target steps/s; 0: off; < 0: remembered
  // Captures: screenshots (F12) and recordings (F9) go to this folder (created when needed;
  // empty: $LIVEDREAM_CAPTURES, else ./captures). With `record`, a recording starts as soon as
  // the dream shows and ends when the viewer does (with --frames: N frames of video in lockstep).
  std::string captures_dir;
  bool record = false;
  std::string record_format = "mp4";  // mp4 | gif | png (a PNG sequence)
  int record_fps = 30;                // playback rate: one video frame per engine step
};

class Viewer {
 public:
  explicit Viewer(const ViewerOptions& options, BackendFactory factory = torch_backend_factory());
  ~Viewer();
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  // Renders one frame; false when the viewer should close.
  bool frame();
  // Writes the exit files (screenshots, stats), saves the settings; returns the exit code.
  int finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

int run_viewer(const ViewerOptions& options);

}  // namespace livedream::app
