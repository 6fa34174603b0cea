#include "app/viewer_capture.h"

#include <signal.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "capture/capture_paths.h"
#include "capture/encoder_factory.h"
#include "capture/frame_queue.h"
#include "capture/recorder.h"
#include "capture/screenshot_writer.h"
#include "capture/stop_signals.h"
#include "core/error.h"

namespace livedream::app {
namespace fs = std::filesystem;

namespace {
const char* extension_for(capture::OutputFormat format) {
  switch (format) {
    case capture::OutputFormat::Mp4: return ".mp4";
    case capture::OutputFormat::Gif: return ".gif";
    case capture::OutputFormat::PngSequence: return "/";
  }
  return ".mp4";
}

Image rgba_to_rgb(const CaptureFrame& frame) {
  Image image;
  image.width = frame.width;
  image.height = frame.height;
  const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
  image.rgb.resize(pixels * 3);
  for (size_t i = 0; i < pixels; ++i) {
    image.rgb[i * 3 + 0] = frame.rgba[i * 4 + 0];
    image.rgb[i * 3 + 1] = frame.rgba[i * 4 + 1];
    image.rgb[i * 3 + 2] = frame.rgba[i * 4 + 2];
  }
  return image;
}

std::string summary(const capture::RecorderStats& s) {
  char text[160];
  std::snprintf(text, sizeof text, "%lld frames, %.1f s of video", static_cast<long long>(s.frames_written), s.video_s);
  return text;
}
}  // namespace

ViewerCapture::ViewerCapture(ViewerCaptureOptions options) : options_(std::move(options)) {
  if (options_.folder.empty()) options_.folder = capture::default_captures_dir();
  if (options_.fps <= 0) options_.fps = 30;
}

ViewerCapture::~ViewerCapture() {
  if (recorder_) {
    const std::string message = stop_recording();
    std::fprintf(stderr, "livedream: %s\n", message.c_str());
  }
}

std::string ViewerCapture::screenshot(const Image& image, const DreamParams& params, int64_t step, bool window) {
  capture::ScreenshotInfo info;
  info.params = params;
  info.kind = window ? capture::ScreenshotKind::Window : capture::ScreenshotKind::Dream;
  info.extra = {{"step", step}};
  const auto saved = capture::save_screenshot(options_.folder, image, info);
  return "saved " + saved.png;
}

std::string ViewerCapture::on_screenshot(const Image& dream, const DreamParams& params, int64_t step) {
  return screenshot(dream, params, step, false);
}

std::string ViewerCapture::on_window_screenshot(const Image& window, const DreamParams& params, int64_t step) {
  return screenshot(window, params, step, true);
}

std::string ViewerCapture::on_toggle_recording(const DreamParams& params) {
  if (recorder_ && recorder_->stats().running) return stop_recording();
  if (recorder_) stop_recording();  // one that stopped by itself (reported already): start afresh
  capture::ensure_writable_dir(options_.folder);
  const std::string stem = capture::unique_capture_stem(options_.folder, std::time(nullptr));
  capture::EncoderRequest request;
  request.spec = capture::parse_output((fs::path(options_.folder) / stem).string() + extension_for(options_.format));
  request.fps = options_.fps;
  request.png_text = capture::params_png_text(params);
  auto opened = capture::open_encoder(request);  // throws one-line errors: the viewer shows them
  // The frame size is not known yet; plan the queue for 1080p frames (smaller ones fit more).
  const size_t capacity = capture::queue_capacity_for(1920, 1080, options_.queue_bytes);
  recorder_ = std::make_unique<capture::Recorder>(std::move(opened.encoder), options_.fps, capacity);
  signals_ = std::make_unique<capture::StopSignals>("\nlivedream: finishing the recording, then quitting (Ctrl-C again to quit at once)\n");
  notice_ = opened.notice;
  last_step_ = -1;
  skipped_steps_ = 0;
  failure_reported_ = false;
  const std::string target = recorder_->stats().target;
  return notice_.empty() ? "recording to " + target : "recording to " + target + " (" + notice_ + ")";
}

bool ViewerCapture::recording() const {
  if (!recorder_) return false;
  // A recording that stopped by itself still counts until its message went out (the viewer only
  // hands frames over, and so only hears from on_engine_frame, while this is true).
  const auto s = recorder_->stats();
  return s.running || (!s.error.empty() && !failure_reported_);
}

void ViewerCapture::on_engine_frame(const CaptureFrame& frame) {
  // The viewer calls this every frame while recording: the place to act on Ctrl-C and to report
  // a recording that stopped by itself (the viewer shows what this throws).
  if (auto message = poll()) throw runtime_error(*message, "");
  if (!recorder_ || !recorder_->stats().running || !frame.rgba || frame.width <= 0 || frame.height <= 0) return;
  if (frame.step == last_step_) return;  // the same frame shown again: not a new step
  // The viewer may show only the newest of several steps (async schedule on a fast device); the
  // steps it never showed are missing from the video, so they count as dropped.
  if (last_step_ >= 0 && frame.step > last_step_ + 1) skipped_steps_ += frame.step - last_step_ - 1;
  last_step_ = frame.step;
  recorder_->submit(rgba_to_rgb(frame));  // never blocks; a full queue drops and counts
}

RecordingIndicator ViewerCapture::indicator() const {
  RecordingIndicator ind;
  if (!recorder_) return ind;
  const auto s = recorder_->stats();
  ind.active = s.running;
  ind.elapsed_s = s.elapsed_s;
  ind.frames = s.frames_written;
  ind.dropped = s.frames_dropped + skipped_steps_;
  ind.target = s.target;
  ind.error = s.error;
  return ind;
}

std::optional<std::string> ViewerCapture::poll() {
  if (signals_ && capture::stop_requested()) {
    const int sig = capture::stop_signal();
    std::fprintf(stderr, "livedream: %s\n", stop_recording().c_str());
    // The file is complete: now do what the signal would have done.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
  if (recorder_ && !failure_reported_) {
    const auto s = recorder_->stats();
    if (!s.running && !s.error.empty()) {
      failure_reported_ = true;
      return "recording stopped: " + s.error + " (" + summary(s) + " kept in " + s.target + ")";
    }
  }
  return std::nullopt;
}

std::string ViewerCapture::stop_recording() {
  if (!recorder_) return "not recording";
  const auto s = recorder_->stop();
  recorder_.reset();
  signals_.reset();
  const int64_t dropped = s.frames_dropped + skipped_steps_;
  last_ = {false, s.elapsed_s, s.frames_written, dropped, s.target, s.error};
  std::string message = s.error.empty() ? "saved " + s.target + " (" + summary(s)
                                        : "recording stopped early: " + s.error + " (" + summary(s) + " kept";
  if (dropped > 0) message += ", " + std::to_string(dropped) + " steps dropped";
  return message + ")";
}

std::unique_ptr<ViewerCapture> make_viewer_capture(ViewerCaptureOptions options) {
  return std::make_unique<ViewerCapture>(std::move(options));
}

}  // namespace livedream::app
