// Live capture for the viewer: F12 saves the dream at the engine's resolution (every parameter in
// the PNG + a JSON sidecar), a second action saves the whole window, and F9 records. A recording
// keeps one of two times: the source's (a video or camera session: frames at the source's rate,
// the dream shown at each tick, repeated or dropped to keep time, with the file's sound added at
// the end), or the steps' (one video frame per engine step at a chosen fps: a still's dream grows
// smoothly). Frames are the session's RgbaFrames, handed to the recorder's bounded queue without
// a copy, so the render loop never waits on the encoder.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/audio_mux.h"
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

// What a recording keeps time by. Default: the steps'.
struct RecordingClock {
  double source_fps = 0;   // > 0: the source's time at this rate (a video or camera session)
  std::string frame_rate;  // the same rate exactly ("30000/1001"), for the file
  std::string sound_from;  // a file whose sound goes with the recording (empty: none)
};

// For the on-screen indicator while a recording runs (and the message after it stopped).
struct RecordingIndicator {
  bool active = false;
  std::string timing;    // "25 fps, source time, with sound" / "30 fps, one frame per step"
  double fps = 0;        // the file's rate
  bool sound = false;    // the source's sound was added (after the recording ended)
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
  std::string on_toggle_recording(const DreamParams& params, const RecordingClock& clock = {});
  // True while recording, and also after a recording stopped by itself until that was reported.
  bool recording() const;
  // A recording in source time wants the dream shown at every display frame, new or not.
  bool in_source_time() const { return recorder_ && clock_.source_fps > 0; }
  // Every new engine frame while recording (a host frame; shared, not copied). Queues it (never
  // waits). Throws livedream::Error with the message once, when the recording has stopped by
  // itself (disk full, ffmpeg gone); also acts on Ctrl-C (see poll).
  // `source_s`: where in the source the dream shown is (seconds; < 0: unknown), for the sound of
  // a recording in source time.
  void on_engine_frame(const RgbaFrame& frame, double source_s = -1);

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
  std::string notice_;    // the PNG fallback notice of the current recording
  RecordingClock clock_;  // of the running recording
  std::chrono::steady_clock::time_point started_;
  int64_t ticks_ = 0;                 // source time: output frames due so far
  std::vector<double> source_times_;  // source time: where in the source each output frame is
  int64_t last_step_ = -1;            // engine step of the last frame submitted
  int64_t skipped_steps_ = 0;         // steps the viewer never handed over (counted as dropped)
  bool failure_reported_ = false;
  RecordingIndicator last_;
  std::string last_capture_;
};

}  // namespace livedream::capture
