// livedream render VIDEO --out OUT.mp4: dreams every frame of a moving input (a video file, an
// image sequence, a stream, a camera) headless, at the source's frame rate and size (after
// --max-dim), with the source's sound. command_render.cpp parses the command line and hands
// video inputs here.
#pragma once
#include <cstdint>
#include <string>

#include "app/live_output_options.h"
#include "core/dream_params.h"
#include "core/keyframes.h"

namespace livedream::app {

struct VideoRenderRequest {
  std::string input;        // the video; when resuming, the one the resumed render read
  std::string out;          // empty when resuming: a new part beside the resume frame
  std::string resume_from;  // a frame of an interrupted render (its .resume.png or a PNG of a sequence)
  int64_t frames = 0;       // how many frames to write from the start (0: to the end of the source)
  double start_s = 0;       // where in the source frame 0 is (files only)
  // One step a frame by default: the carried residual grows the dream across frames, and each
  // step changes the picture by about a level, so more steps per frame flicker more (bench/RESULTS.md,
  // "Dreaming videos": the classic preset at 1 step a frame stays under a flicker ratio of 2).
  int steps_per_frame = 1;
  bool frames_given = false, steps_given = false, start_given = false;
  std::string metrics;         // --metrics FILE.json (flicker and temporal statistics)
  Keyframes keyframes;         // --keyframes: the parameters per output frame over `params` (no model track)
  DreamParams params;          // resolved: defaults < resume frame < preset/--params-from < options
  std::string default_preset;  // the preset the defaults came from (no --preset given), for the info line
  LiveOutputFlags live;        // --stream-out, --virtual-camera
};

// Returns the exit code (0; 1 for a failure after the start; 128+signal when interrupted).
// Throws livedream::Error for what is wrong before the first frame.
int run_video_render(const VideoRenderRequest& request);

}  // namespace livedream::app
