// `livedream render --replay TAKE.json --out take-hq.mp4 [--scale S]`: re-renders a live
// performance from its timeline (a recording's .timeline.json, or a viewer screenshot), one video
// frame per recorded step from the step the recording began at, at S times the size: the same
// parameter curve, with pixel sizes (max_dim, pan, jitter) scaled; at --scale 1 the very frames
// of the recording (lossless outputs: bit for bit on the same device, dtype and thread count).
#pragma once
#include <string>

#include "app/live_output_options.h"

namespace livedream::app {

struct ReplayRenderRequest {
  std::string timeline;  // .timeline.json or a PNG holding a timeline
  std::string out;       // MP4, GIF, folder or PNG pattern
  std::string input;     // empty: the recorded source
  double scale = 1.0;
  int fps = 0;           // 0: the recording's (else 30)
  LiveOutputFlags live;  // --stream-out, --virtual-camera
};

int run_replay_render(const ReplayRenderRequest& request);

}  // namespace livedream::app
