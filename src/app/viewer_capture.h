// The viewer's captures, on the capture module: F12 saves the dream at the engine's resolution
// (every parameter in the PNG + a JSON sidecar), a second action saves the whole window, and F9
// records one video frame per engine step, played back at a chosen fps. Frames go through the
// recorder's bounded queue, so the render loop never waits on the encoder.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/capture_hooks.h"
#include "capture/output_format.h"

namespace livedream::capture {
class Recorder;
class StopSignals;
}  // namespace livedream::capture

namespace livedream::app {

struct ViewerCaptureOptions {
  std::string folder;  // empty: $LIVEDREAM_CAPTURES or ./captures
  int fps = 30;        // playback rate of recordings (one frame per engine step)
  capture::OutputFormat format = capture::OutputFormat::Mp4;
  size_t queue_bytes = size_t{256} << 20;  // frames waiting for the encoder, at most
};

// For the on-screen indicator while a recording runs (and the message after it stopped).
struct RecordingIndicator {
  bool active = false;
  double elapsed_s = 0;  // wall time since F9
  int64_t frames = 0;    // in the file
  int64_t dropped = 0;   // steps that did not reach the file (queue full, or steps never shown)
  std::string target;    // the file (or PNG pattern)
  std::string error;     // why it stopped by itself (disk full, ...); empty if it did not
};

class ViewerCapture final : public CaptureHooks {
 public:
  explicit ViewerCapture(ViewerCaptureOptions options = {});
  ~ViewerCapture() override;  // a running recording is completed, so quitting keeps the file

  std::string on_screenshot(const Image& dream, const DreamParams& params, int64_t step) override;
  // The whole window, UI included (from the window's readback).
  std::string on_window_screenshot(const Image& window, const DreamParams& params, int64_t step);
  // Starts a recording, or stops the running one (the file is completed before it returns).
  std::string on_toggle_recording(const DreamParams& params) override;
  // True while recording, and also after a recording stopped by itself until that was reported.
  bool recording() const override;
  // Queues the frame (never waits). Throws livedream::Error with the message once, when the
  // recording has stopped by itself (disk full, ffmpeg gone); also acts on Ctrl-C (see poll).
  void on_engine_frame(const CaptureFrame& frame) override;

  RecordingIndicator indicator() const;
  // Call once per UI frame. While recording, Ctrl-C/SIGTERM only set a flag; this completes the
  // file and then ends the process the way the signal would have. Also returns (once) the
  // message of a recording that stopped by itself, for a toast.
  std::optional<std::string> poll();
  // Completes the file now (quit, window closed). Returns the message for the UI.
  std::string stop_recording();
  // The figures of the last recording that ended (target empty when none has).
  const RecordingIndicator& last_recording() const { return last_; }

 private:
  std::string screenshot(const Image& image, const DreamParams& params, int64_t step, bool window);
  ViewerCaptureOptions options_;
  std::unique_ptr<capture::Recorder> recorder_;
  std::unique_ptr<capture::StopSignals> signals_;  // installed only while recording
  std::string notice_;          // the PNG fallback notice of the current recording
  int64_t last_step_ = -1;      // engine step of the last frame submitted
  int64_t skipped_steps_ = 0;   // steps the viewer never handed over (counted as dropped)
  bool failure_reported_ = false;
  RecordingIndicator last_;
};

std::unique_ptr<ViewerCapture> make_viewer_capture(ViewerCaptureOptions options = {});

}  // namespace livedream::app
