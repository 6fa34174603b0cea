// `livedream render`: what its command line holds (command_render_options.cpp declares the
// options, command_render.cpp runs the render they ask for: a zoom render, a video, a replay).
#pragma once
#include <cstdint>
#include <string>

#include "app/dream_options.h"
#include "app/live_output_options.h"

namespace CLI {
class Option;
}  // namespace CLI

namespace livedream::app {

// Without any zoom the "endless zoom" would stand still: 2% per frame unless the user, a preset
// or the PNG the parameters come from says otherwise.
constexpr float kDefaultZoomPerFrame = 1.02f;

struct RenderCommand {
  std::string input, out, resume_from, pan, metrics, replay, keyframes;
  double scale = 1.0;
  int64_t frames = 0, start_frame = 0;
  int steps_per_frame = 5, fps = 30;
  double start_s = 0;
  DreamOptions options;
  LiveOutputFlags live;  // --stream-out, --virtual-camera: the render sent out as it is made
  CLI::Option *frames_opt = nullptr, *start_opt = nullptr, *steps_opt = nullptr, *fps_opt = nullptr, *out_opt = nullptr,
              *input_opt = nullptr, *start_s_opt = nullptr, *metrics_opt = nullptr, *scale_opt = nullptr, *pan_opt = nullptr,
              *keyframes_opt = nullptr;
};

// Runs what `cmd` asks for. Returns the exit code; throws livedream::Error for what is wrong
// before the first frame.
int run_render(const RenderCommand& cmd);

}  // namespace livedream::app
