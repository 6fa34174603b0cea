// The viewer's and a render's live outputs side by side: a network stream and a virtual camera,
// each a PacedOutput with its own thread, fed the same frames as a recording without waiting for
// any of them. Each starts and stops on its own, live; stopping one whose destination hangs is
// finished off the caller's thread, so the window never waits for a network.
#pragma once
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/paced_output.h"
#include "capture/stream_sink.h"

namespace livedream::capture {

struct LiveOutputsStatus {
  std::optional<PacedOutputStats> stream, camera;  // empty: not running
};

class LiveOutputs {
 public:
  LiveOutputs() = default;
  ~LiveOutputs();  // stops both (waits for the stops it handed off)
  LiveOutputs(const LiveOutputs&) = delete;
  LiveOutputs& operator=(const LiveOutputs&) = delete;

  // Each replaces a running one of its kind. Throw livedream::Error (usage) for bad input (a URL
  // or bit rate it cannot use, no ffmpeg, a path that is not a v4l2 output device); a destination
  // that is merely not there yet (no receiver) is not an error: the output retries.
  void start_stream(const StreamSettings& settings);
  void stop_stream();
  void start_camera(const std::string& device, double fps);
  void stop_camera();

  bool any() const { return stream_ || camera_; }
  // The newest host frame to every running output, with where in the source it is (seconds; < 0:
  // not a video), for a stream's sound. Never waits.
  void submit(const RgbaFrame& frame, double source_s = -1);
  LiveOutputsStatus status() const;
  // Failures and returns not yet reported (each once), for toasts.
  std::vector<std::string> take_messages();

 private:
  void retire(std::unique_ptr<PacedOutput> output);
  std::unique_ptr<PacedOutput> stream_, camera_;
  std::vector<std::future<void>> stopping_;  // outputs being closed on a thread of their own
};

}  // namespace livedream::capture
