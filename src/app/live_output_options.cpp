#include "app/live_output_options.h"

#include <CLI/CLI.hpp>

#include "capture/live_outputs.h"
#include "capture/stream_sink.h"
#include "capture/v4l2_sink.h"

namespace livedream::app {

void add_live_output_options(CLI::App& app, LiveOutputFlags& flags) {
  const char* group = "Live outputs (sent as the dream is made, beside any recording)";
  app.add_option("--stream-out", flags.stream_out,
                 "Stream the dream: udp://HOST:PORT, srt://HOST:PORT, rtmp://HOST/APP/KEY, rtsp://HOST:PORT/PATH or a .ts/.flv/.mkv file "
                 "(H.264, low latency)")
      ->group(group);
  app.add_option("--stream-bitrate", flags.stream_bitrate, "The stream's bit rate, like 2500k or 4M")->capture_default_str()->group(group);
  app.add_option("--virtual-camera", flags.virtual_camera,
                 "Write the dream to a v4l2loopback device (/dev/videoN) that video calls and OBS see as a webcam")
      ->group(group);
}

void check_live_output_flags(const LiveOutputFlags& flags) {
  if (!flags.stream_out.empty()) capture::check_stream_settings({flags.stream_out, 30, flags.stream_bitrate, {}});
  if (!flags.virtual_camera.empty()) capture::check_virtual_camera(flags.virtual_camera);
}

std::unique_ptr<capture::LiveOutputs> start_live_outputs(const LiveOutputFlags& flags, double fps, const std::string& sound_source) {
  if (!flags.any()) return nullptr;
  auto outputs = std::make_unique<capture::LiveOutputs>();
  capture::StreamSettings stream{flags.stream_out, fps, flags.stream_bitrate, {}};
  stream.audio_source = sound_source;
  if (!flags.stream_out.empty()) outputs->start_stream(stream);
  if (!flags.virtual_camera.empty()) outputs->start_camera(flags.virtual_camera, fps);
  return outputs;
}

}  // namespace livedream::app
