// Live capture for the viewer: F12 saves the dream at the engine's resolution (every parameter in
// the PNG + a JSON sidecar), a second action saves the whole window, and F9 records one video
// frame per engine step, played back at a chosen fps. Frames are the session's RgbaFrames, handed
// to the recorder's bounded queue without a copy, so the render loop never waits on the encoder.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "capture/output_format.h"
#include "core/dream_params.h"
#include "core/rgba_frame.h"

namespace livedream::capture {

class Recorder;
class StopSignals;

struct LiveCaptureOptions {
  std::string folder;  // empty: $LIVEDREAM_CAPTURES or ./captures
  int fps = 30;        // playback rate of recordings (one frame per engine step)
  OutputFormat format = OutputFormat::Mp4;
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

class LiveCapture {
 public:
  explicit LiveCapture(LiveCaptureOptions options = {});
  ~LiveCapture();  // a running recording is completed, so quitting keeps the file
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  // F12: saves the dream (a host frame: the exact engine pixels). Returns the message for the UI;
  // throws livedream::Error when it cannot (the viewer shows it).
  // `timeline_json`: the session timeline of that frame, for the PNG (empty: none).
  std::string on_screenshot(const RgbaFrame& dream, const DreamParams& params, int64_t step, const std::string& timeline_json = {});
  // The whole window, UI included (from the window's readback).
  std::string on_window_screenshot(const RgbaFrame& window, const DreamParams& params, int64_t step);
  // F9: starts a recording, or stops the running one (the file is completed before it returns).
  // Returns the message for the UI; throws livedream::Error when it cannot start.
  std::string on_toggle_recording(const DreamParams& params);
  // True while recording, and also after a recording stopped by itself until that was reported.
  bool recording() const;
  // Every new engine frame while recording (a host frame; shared, not copied). Queues it (never
  // waits). Throws livedream::Error with the message once, when the recording has stopped by
  // itself (disk full, ffmpeg gone); also acts on Ctrl-C (see poll).
  void on_engine_frame(const RgbaFrame& frame);

  RecordingIndicator indicator() const;
  // Call once per UI frame. While recording, Ctrl-C/SIGTERM only set a flag; this completes the
  // file and then ends the process the way the signal would have. Also returns (once) the
  // message of a recording that stopped by itself, for a toast.
  std::optional<std::string> poll();
  // Runs after a signal completed the recording and before the process ends (the viewer writes the
  // recording's timeline beside it); last_recording() holds the recording's figures then.
  void set_before_signal_exit(std::function<void()> hook) { before_signal_exit_ = std::move(hook); }
  // Completes the file now (quit, window closed). Returns the message for the UI.
  std::string stop_recording();
  // The file of the last screenshot saved or recording ended (empty when none), for the quit box.
  const std::string& last_capture() const { return last_capture_; }
  // The figures of the last recording that ended (target empty when none has).
  const RecordingIndicator& last_recording() const { return last_; }

 private:
  std::string screenshot(const RgbaFrame& image, const DreamParams& params, int64_t step, bool window,
                         const std::string& timeline_json = {});
  LiveCaptureOptions options_;
  std::unique_ptr<Recorder> recorder_;
  std::unique_ptr<StopSignals> signals_;  // installed only while recording
  std::function<void()> before_signal_exit_;
  std::string notice_;          // the PNG fallback notice of the current recording
  int64_t last_step_ = -1;      // engine step of the last frame submitted
  int64_t skipped_steps_ = 0;   // steps the viewer never handed over (counted as dropped)
  bool failure_reported_ = false;
  RecordingIndicator last_;
  std::string last_capture_;
};

}  // namespace livedream::capture
