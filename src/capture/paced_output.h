// A live output at a steady rate: the producer (the viewer's render loop, a headless render)
// hands over its newest frame and never waits; a thread of the output's own sends the newest frame
// to the sink once per tick, repeating the last one when the engine is slower than the rate (a
// stream and a virtual camera must not stall). When the sink fails (a dropped connection, an
// unplugged device) the output says so once, closes it, and opens it again after a growing pause,
// so the destination comes back by itself and the window never waits for it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "capture/frame_sink.h"
#include "core/rgba_frame.h"

namespace livedream::capture {

struct PacedOutputStats {
  std::string target;           // the sink's description
  bool connected = false;       // the sink is open and the last send worked
  int64_t frames_sent = 0;      // ticks whose frame reached the sink
  int64_t frames_repeated = 0;  // of those, ticks that sent the previous frame again
  int64_t frames_new = 0;       // distinct frames handed over by the producer and sent
  int64_t ticks_late = 0;       // ticks skipped because a send took longer than a tick
  int64_t reconnects = 0;       // times the sink was opened again after a failure
  double first_frame_s = -1;    // from start() to the first frame sent (-1: none yet)
  double send_ms = 0;           // smoothed time of one send
  std::string error;            // the last failure (empty while all is well)
};

struct PacedOutputOptions {
  double fps = 30;                             // ticks per second
  std::chrono::milliseconds retry_first{500};  // pause before the first reopen; doubles up to retry_max
  std::chrono::milliseconds retry_max{8000};
};

class PacedOutput {
 public:
  // Starts the thread; the sink is opened at the first frame (its size fixes the output's; later
  // frames of another size are resized to it).
  PacedOutput(std::unique_ptr<FrameSink> sink, PacedOutputOptions options);
  ~PacedOutput();  // stops the thread and closes the sink; never throws
  PacedOutput(const PacedOutput&) = delete;
  PacedOutput& operator=(const PacedOutput&) = delete;

  // The newest host frame (its pixels shared, not copied) and where in the source it is (seconds;
  // < 0: not a video), for a stream's sound. Never blocks beyond a brief lock.
  void submit(const RgbaFrame& frame, double source_s = -1);
  PacedOutputStats stats() const;
  // A failure not yet reported (once each: for a toast), or nothing.
  std::optional<std::string> take_message();

 private:
  void run();

  std::unique_ptr<FrameSink> sink_;
  const PacedOutputOptions options_;
  const std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  RgbaFrame newest_;             // guarded by mutex_
  double newest_source_s_ = -1;  // guarded by mutex_
  uint64_t newest_serial_ = 0, submitted_ = 0;
  bool stop_ = false, exited_ = false;
  PacedOutputStats stats_;              // guarded by mutex_
  std::optional<std::string> message_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace livedream::capture
