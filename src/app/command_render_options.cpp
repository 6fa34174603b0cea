// The options of `livedream render`, its help and its examples.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/command_render.h"
#include "app/commands.h"

namespace livedream::app {
namespace {

// The help shows each option's default once, as CLI11 writes it: `shown` replaces the default the
// shared dream options captured from DreamParams where render uses another.
void relabel(CLI::App& sub, const std::string& name, const std::string& description, const std::string& shown = {}) {
  auto* option = sub.get_option_no_throw(name);
  if (!option) return;
  option->description(description);
  if (!shown.empty()) option->default_str(shown);
}

}  // namespace

void add_render_command(CLI::App& root, Action& selected) {
  auto cmd = std::make_shared<RenderCommand>();
  auto* sub = root.add_subcommand("render", "Render an endless-zoom dream video without a window (MP4, GIF or PNG frames)");
  cmd->input_opt = sub->add_option("input", cmd->input,
                                   "Image to start from: a file, an http(s) URL, or the built-in clouds (clouds, clouds:WxH); "
                                   "or a video to dream frame by frame: a file (MP4, MKV, AVI, GIF, ...), frames/%06d.png, "
                                   "an rtsp:// or http(s) video URL, camera or camera:N");
  cmd->out_opt = sub->add_option("--out,-o", cmd->out,
                                 "dream.mp4 (H.264), dream.gif, a folder, or a PNG pattern like frames/%06d.png; "
                                 "without ffmpeg, MP4/GIF become PNG frames in NAME-frames/");
  cmd->frames_opt = sub->add_option("--frames", cmd->frames,
                                    "Length of the video in frames, counted from frame 0 (a video input: at most this "
                                    "many of its frames; default all)")
                        ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->steps_opt = sub->add_option("--steps-per-frame", cmd->steps_per_frame,
                                   "Ascent steps per video frame [5; 1 for a video input, whose dream grows across its frames]")
                       ->check(CLI::Range(1, 100'000));
  cmd->fps_opt =
      sub->add_option("--fps", cmd->fps, "Frames per second of the video [30] (a video input keeps its own)")->check(CLI::Range(1, 240));
  cmd->start_s_opt = sub->add_option("--start", cmd->start_s, "Video input: begin at this time in seconds")->check(CLI::Range(0.0, 1e9));
  cmd->metrics_opt = sub->add_option(
      "--metrics", cmd->metrics,
      "Video input: write how much the dream flickers (flicker ratio: warping error against the source's) and its strength as JSON");
  cmd->start_opt = sub->add_option("--start-frame", cmd->start_frame,
                                   "Number of the first frame this run writes (PNG numbering; default 0, or the frame "
                                   "after the --resume-from one)")
                       ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  sub->add_option("--resume-from", cmd->resume_from,
                  "Continue a render from one of its PNG frames or its .resume.png: its parameters, settings and "
                  "pixels are the start; options given here override them");
  sub->add_option("--replay", cmd->replay,
                  "Re-render a live performance: a recording's .timeline.json (or a viewer screenshot), one video frame per "
                  "recorded step; INPUT (optional) replaces its source");
  cmd->scale_opt = sub->add_option("--scale", cmd->scale, "With --replay: render at this many times the recorded size [1]")
                       ->check(CLI::Range(0.1, 16.0));
  cmd->keyframes_opt = sub->add_option("--keyframes", cmd->keyframes,
                                       "A JSON file of parameters keyed at frames or seconds (zoom, rotate, layer "
                                       "weights, layers, ...; see the README), interpolated per frame over the options given");
  cmd->options.add_to(*sub);
  add_live_output_options(*sub, cmd->live);
  auto* pan = cmd->pan_opt = sub->add_option("--pan", cmd->pan, "Pan per frame in pixels as X,Y (the same as --pan-x X --pan-y Y)");
  for (const char* name : {"--pan-x", "--pan-y"})
    if (auto* other = sub->get_option_no_throw(name)) pan->excludes(other);
  // Here the feedback transform runs once per video frame, not once per step.
  char zoom_default[16];
  std::snprintf(zoom_default, sizeof zoom_default, "%g", static_cast<double>(kDefaultZoomPerFrame));
  relabel(*sub, "--zoom", "Zoom factor per frame, about the centre (>1 zooms in)", zoom_default);
  relabel(*sub, "--rotate", "Rotation per frame in degrees, counter-clockwise");
  relabel(*sub, "--pan-x", "Pan per frame in pixels (positive: the view moves right)");
  relabel(*sub, "--pan-y", "Pan per frame in pixels (positive: the view moves down)");
  relabel(*sub, "--source-blend", "Fraction of the way back to the source image per frame, 0..1");
  sub->footer(
      "Each frame: zoom/rotate/pan the previous frame once, then --steps-per-frame ascent steps.\n"
      "Zooming out, turning or panning uncovers part of the frame: --border fills it (reflect, source or edge).\n"
      "A video input: every source frame is dreamt (--steps-per-frame steps each, carried over from the last one\n"
      "along the motion; the first frame of a shot through its whole schedule), at the source's frame rate and\n"
      "size (after --max-dim), with the source's sound; without --preset it starts from the classic preset.\n"
      "Ctrl-C or SIGTERM finish the file (playable) and print how to continue.\n"
      "Examples:\n"
      "  livedream render clouds --out zoom.mp4 --frames 300 --layers inception_4c --steps-per-frame 4\n"
      "  livedream render photo.jpg --out frames/ --frames 900 --zoom 1.01 --rotate 0.2\n"
      "  livedream render photo.jpg --out out.mp4 --frames 300 --zoom 0.98 --border source   # zoom out\n"
      "  livedream render --resume-from zoom.mp4.resume.png --frames 300     # writes zoom-from-NNNNNN.mp4\n"
      "  livedream render clip.mp4 --out dreamt.mp4 --max-dim 480 --steps-per-frame 3 --start 5 --frames 100\n"
      "  livedream render --replay captures/take.mp4.timeline.json --scale 2 --out take-hq.mp4   # a viewer recording, again\n"
      "Join the parts of a resumed MP4 render:\n"
      "  printf \"file '%s'\\n\" zoom.mp4 zoom-from-*.mp4 > parts.txt && ffmpeg -f concat -safe 0 -i parts.txt -c copy full.mp4");
  sub->callback([&selected, cmd] { selected = [cmd] { return run_render(*cmd); }; });
}

}  // namespace livedream::app
