#include "capture/live_capture.h"

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "capture/capture_paths.h"
#include "capture/encoder_factory.h"
#include "capture/ffmpeg_process.h"
#include "capture/frame_queue.h"
#include "capture/recorder.h"
#include "capture/screenshot_writer.h"
#include "capture/stop_signals.h"
#include "core/error.h"
#include "core/log.h"

namespace livedream::capture {
namespace fs = std::filesystem;

namespace {
std::string summary(const RecorderStats& s) {
  char text[160];
  std::snprintf(text, sizeof text, "%lld frames, %.1f s of video", static_cast<long long>(s.frames_written), s.video_s);
  return text;
}
}  // namespace

LiveCapture::LiveCapture(LiveCaptureOptions options) : options_(std::move(options)) {
  if (options_.folder.empty()) options_.folder = default_captures_dir();
  if (options_.fps <= 0) options_.fps = 30;
}

LiveCapture::~LiveCapture() {
  if (recorder_) {
    const std::string message = stop_recording();
    log::info(message);
  }
}

std::string LiveCapture::screenshot(const RgbaFrame& image, const DreamParams& params, int64_t step, bool window,
                                    const std::string& timeline_json) {
  ScreenshotInfo info;
  info.timeline_json = timeline_json;
  info.params = params;
  info.kind = window ? ScreenshotKind::Window : ScreenshotKind::Dream;
  info.extra = {{"step", step}};
  const auto saved = save_screenshot(options_.folder, to_rgb(image), info);
  last_capture_ = saved.png;
  return "saved " + saved.png;
}

std::string LiveCapture::on_screenshot(const RgbaFrame& dream, const DreamParams& params, int64_t step, const std::string& timeline_json) {
  return screenshot(dream, params, step, false, timeline_json);
}

std::string LiveCapture::on_window_screenshot(const RgbaFrame& window, const DreamParams& params, int64_t step) {
  return screenshot(window, params, step, true);
}

namespace {
std::string timing_text(const RecordingClock& clock, int fps) {
  char text[96];
  if (clock.source_fps > 0)
    std::snprintf(text, sizeof text, "%.4g fps, source time%s", clock.source_fps, clock.sound_from.empty() ? "" : ", with sound");
  else
    std::snprintf(text, sizeof text, "%d fps, one frame per step", fps);
  return text;
}
}  // namespace

std::string LiveCapture::on_toggle_recording(const DreamParams& params, const RecordingClock& clock) {
  if (recorder_ && recorder_->stats().running) return stop_recording();
  if (recorder_) stop_recording();  // one that stopped by itself (reported already): start afresh
  ensure_writable_dir(options_.folder);
  const std::string stem = unique_capture_stem(options_.folder, std::time(nullptr));
  EncoderRequest request;
  request.spec = parse_output((fs::path(options_.folder) / stem).string() + file_extension(options_.format));
  clock_ = clock;
  if (options_.format != OutputFormat::Mp4) clock_.sound_from.clear();  // GIFs and PNGs have no sound
  const int fps = clock_.source_fps > 0 ? std::max(1, static_cast<int>(std::lround(clock_.source_fps))) : options_.fps;
  request.fps = fps;
  if (clock_.source_fps > 0) request.frame_rate = clock_.frame_rate;
  request.png_text = params_png_text(params);
  auto opened = open_encoder(request);  // throws one-line errors: the viewer shows them
  // The frame size is not known yet; plan the queue for 1080p frames (smaller ones fit more).
  const size_t capacity = queue_capacity_for(1920, 1080, options_.queue_bytes);
  recorder_ = std::make_unique<Recorder>(std::move(opened.encoder), fps, capacity);
  signals_ = std::make_unique<StopSignals>("\nlivedream: finishing the recording, then quitting (Ctrl-C again to quit at once)\n");
  notice_ = opened.notice;
  last_step_ = -1;
  skipped_steps_ = 0;
  failure_reported_ = false;
  started_ = std::chrono::steady_clock::now();
  ticks_ = 0;
  source_times_.clear();
  const std::string target = recorder_->stats().target;
  const std::string timing = timing_text(clock_, fps);
  return "recording to " + target + " (" + timing + (notice_.empty() ? "" : "; " + notice_) + ")";
}

bool LiveCapture::recording() const {
  if (!recorder_) return false;
  // A recording that stopped by itself still counts until its message went out (the viewer only
  // hands frames over, and so only hears from on_engine_frame, while this is true).
  const auto s = recorder_->stats();
  return s.running || (!s.error.empty() && !failure_reported_);
}

void LiveCapture::on_engine_frame(const RgbaFrame& frame, double source_s) {
  // The viewer calls this every frame while recording: the place to act on Ctrl-C and to report
  // a recording that stopped by itself (the viewer shows what this throws).
  if (auto message = poll()) throw runtime_error(*message, "");
  if (!recorder_ || !recorder_->stats().running || frame.empty() || frame.on_device) return;
  if (clock_.source_fps > 0) {
    // Source time: every tick of the source's rate since F9 gets the dream shown now. Ticks
    // missed since the last display frame repeat it (the source's times filled in backwards);
    // display frames between two ticks add nothing.
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const int64_t due = static_cast<int64_t>(elapsed * clock_.source_fps) + 1;
    for (int64_t tick = ticks_; tick < due; ++tick) {
      recorder_->submit(frame);  // never blocks; a full queue drops and counts
      source_times_.push_back(source_s < 0 ? -1.0 : source_s - static_cast<double>(due - 1 - tick) / clock_.source_fps);
    }
    ticks_ = std::max(ticks_, due);
    return;
  }
  if (frame.step == last_step_) return;  // the same frame shown again: not a new step
  // The viewer may show only the newest of several steps (async schedule on a fast device); the
  // steps it never showed are missing from the video, so they count as dropped.
  if (last_step_ >= 0 && frame.step > last_step_ + 1) skipped_steps_ += frame.step - last_step_ - 1;
  last_step_ = frame.step;
  recorder_->submit(frame);  // never blocks; a full queue drops and counts
}

RecordingIndicator LiveCapture::indicator() const {
  RecordingIndicator ind;
  if (!recorder_) return ind;
  const auto s = recorder_->stats();
  ind.active = s.running;
  ind.timing = timing_text(clock_, clock_.source_fps > 0 ? 0 : options_.fps);
  ind.elapsed_s = s.elapsed_s;
  ind.frames = s.frames_written;
  ind.dropped = s.frames_dropped + skipped_steps_;
  ind.target = s.target;
  ind.error = s.error;
  return ind;
}

std::optional<std::string> LiveCapture::poll() {
  if (signals_ && stop_requested()) {
    const int sig = stop_signal();
    log::info(stop_recording());
    if (before_signal_exit_) before_signal_exit_();
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

std::string LiveCapture::stop_recording() {
  if (!recorder_) return "not recording";
  const auto s = recorder_->stop();
  recorder_.reset();
  signals_.reset();
  const int64_t dropped = s.frames_dropped + skipped_steps_;
  last_ = RecordingIndicator{};
  last_.timing = timing_text(clock_, options_.fps);
  last_.fps = clock_.source_fps > 0 ? clock_.source_fps : options_.fps;
  last_.elapsed_s = s.elapsed_s;
  last_.frames = s.frames_written;
  last_.dropped = dropped;
  last_.target = s.target;
  last_.error = s.error;
  if (s.frames_written > 0) last_capture_ = s.target;
  // The source's sound for what the file shows, when every frame reached it (a dropped frame
  // would shift the sound against the picture).
  std::string sound;
  if (!clock_.sound_from.empty() && s.error.empty() && s.frames_written > 0) {
    if (s.frames_dropped > 0 || static_cast<int64_t>(source_times_.size()) != s.frames_written) {
      sound = ", without sound: frames were dropped";
    } else {
      try {
        mux_source_audio_spans(find_ffmpeg(), s.target, clock_.sound_from, audio_spans(source_times_, clock_.source_fps),
                               clock_.source_fps);
        sound = ", with sound";
        last_.sound = true;
      } catch (const Error& e) {
        sound = ", without sound: " + first_line(e.what());
      }
    }
  }
  std::string message = s.error.empty() ? "saved " + s.target + " (" + summary(s) + sound
                                        : "recording stopped early: " + s.error + " (" + summary(s) + " kept";
  if (dropped > 0) message += ", " + std::to_string(dropped) + (clock_.source_fps > 0 ? " frames dropped" : " steps dropped");
  return message + ")";
}

}  // namespace livedream::capture
