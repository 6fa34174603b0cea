// The live outputs' options, declared once for the viewer and for render: --stream-out URL,
// --stream-bitrate RATE, --virtual-camera DEVICE (capture/live_outputs.h does the sending).
#pragma once
#include <memory>
#include <string>

namespace CLI {
class App;
}  // namespace CLI
namespace livedream::capture {
class LiveOutputs;
}  // namespace livedream::capture

namespace livedream::app {

struct LiveOutputFlags {
  std::string stream_out, stream_bitrate = "4M", virtual_camera;
  bool any() const { return !stream_out.empty() || !virtual_camera.empty(); }
};

void add_live_output_options(CLI::App& app, LiveOutputFlags& flags);
// Throws livedream::Error (usage) for a URL or bit rate that cannot be used, or a path that is not
// a v4l2 output device, before anything starts (a model load).
void check_live_output_flags(const LiveOutputFlags& flags);
// Starts what the flags ask for, sending at `fps`; nullptr when they ask for nothing. A stream
// carries the sound of `sound_source` (the video being rendered; empty: none). Throws
// livedream::Error (usage) for bad input (not a v4l2 output device, no ffmpeg).
std::unique_ptr<capture::LiveOutputs> start_live_outputs(const LiveOutputFlags& flags, double fps, const std::string& sound_source = {});

}  // namespace livedream::app
