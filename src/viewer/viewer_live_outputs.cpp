// The viewer's live outputs (capture/live_outputs.h): a network stream and a virtual camera,
// started from the command line or the Output panel, fed each new dream frame the way a recording
// is (host pixels, shared, never waited on), their failures and returns shown as toasts.
#include "capture/live_outputs.h"
#include "core/error.h"
#include "render/window.h"
#include "viewer/viewer.h"

namespace livedream::viewer {

namespace {

ui::OutputStatus to_view(const std::optional<capture::PacedOutputStats>& stats) {
  ui::OutputStatus v;
  if (!stats) return v;
  v.running = true;
  v.connected = stats->connected;
  v.target = stats->target;
  v.frames = stats->frames_sent;
  v.repeated = stats->frames_repeated;
  v.error = stats->error;
  return v;
}

}  // namespace

double Viewer::live_output_fps() const {
  // The display's rate (a stream and a camera run at it, repeating frames when the engine is
  // slower); without a vblank to follow, 30.
  const double hz = window_ ? window_->refresh_rate() : 0;
  return hz >= 10 && hz <= 240 ? hz : 30;
}

std::string Viewer::stream_sound_source() const {
  return ui_state_.video.open && !ui_state_.video.live ? ui_state_.video.name : std::string();
}

capture::StreamSettings Viewer::stream_settings(const std::string& url, const std::string& bitrate) const {
  capture::StreamSettings s{url, live_output_fps(), bitrate, {}};
  s.yield_cpu = true;  // the window first: where cores are short the stream skips ticks, the UI does not stall
  s.audio_source = stream_sound_source();
  return s;
}

void Viewer::start_live_outputs_from_options() {
  ui_state_.outputs.stream_url = options_.stream_out;
  ui_state_.outputs.stream_bitrate = options_.stream_bitrate;
  ui_state_.outputs.camera_device = options_.virtual_camera;
  // Bad input on the command line ends the run with its one line (main's exit code 2).
  if (!options_.stream_out.empty()) outputs_->start_stream(stream_settings(options_.stream_out, options_.stream_bitrate));
  if (!options_.virtual_camera.empty()) outputs_->start_camera(options_.virtual_camera, live_output_fps());
}

void Viewer::apply_output_requests(const ui::UiRequests& r) {
  try {
    if (r.stop_stream) outputs_->stop_stream();
    if (r.stop_camera) outputs_->stop_camera();
    if (!r.start_stream.empty()) {
      outputs_->start_stream(stream_settings(r.start_stream, r.stream_bitrate));
      ui_state_.outputs.stream_url = r.start_stream;
      ui_state_.outputs.stream_bitrate = r.stream_bitrate;
      toast(ui::ToastLevel::Info, "streaming to " + r.start_stream);
    }
    if (!r.start_camera.empty()) {
      outputs_->start_camera(r.start_camera, live_output_fps());
      ui_state_.outputs.camera_device = r.start_camera;
      toast(ui::ToastLevel::Info, "virtual camera on " + r.start_camera);
    }
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::feed_live_outputs(const std::shared_ptr<const RgbaFrame>& shown) {
  if (!outputs_->any()) return;
  // A device frame's pixels come from the session's host copy of it (made on the engine's thread).
  std::shared_ptr<const RgbaFrame> host = shown->on_device ? session_->latest_host_frame() : shown;
  // else: not copied yet, the outputs repeat the last. The video's position goes with it, for the stream's sound.
  if (host && host->serial == shown->serial) outputs_->submit(*host, ui_state_.video.open ? ui_state_.video.position_s : -1.0);
}

void Viewer::poll_live_outputs() {
  for (const auto& message : outputs_->take_messages()) toast(ui::ToastLevel::Warning, message);
  const auto status = outputs_->status();
  ui_state_.outputs.stream = to_view(status.stream);
  ui_state_.outputs.camera = to_view(status.camera);
  ui_state_.outputs.fps = live_output_fps();
  // The stream carries the sound of the video being dreamt: when one opens after the stream
  // started (or another one), the stream starts again with its sound (a receiver sees a short gap).
  if (status.stream && stream_sound_source() != stream_sound_) {
    try {
      outputs_->start_stream(stream_settings(ui_state_.outputs.stream_url, ui_state_.outputs.stream_bitrate));
    } catch (const std::exception& e) {
      toast(ui::ToastLevel::Error, first_line(e.what()));
    }
    stream_sound_ = stream_sound_source();
  }
  if (!status.stream) stream_sound_ = stream_sound_source();
}

}  // namespace livedream::viewer
