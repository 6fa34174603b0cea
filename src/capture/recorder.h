// A recording in progress: a writer thread owns the encoder and takes frames from a bounded
// queue, so whoever makes frames never waits on encoding or the disk. Write errors (disk full,
// unwritable folder, ffmpeg gone) stop the recording with a message and keep what was written;
// they are never thrown at the producer and never crash.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/frame_queue.h"
#include "capture/video_encoder.h"

namespace livedream::capture {

struct RecorderStats {
  std::string target;          // where the frames go (file or PNG pattern)
  int64_t frames_written = 0;  // in the file
  int64_t frames_dropped = 0;  // lost because the queue was full (the goal is none)
  int64_t frames_queued = 0;   // waiting for the writer
  double elapsed_s = 0;        // wall time since start (frozen at stop)
  double video_s = 0;          // length of what was written, at the recording's fps
  bool running = false;        // still accepting frames
  std::string error;           // why the recording stopped on its own; empty if it did not
};

class Recorder {
 public:
  // Starts the writer thread. `queue_capacity` frames may wait (see queue_capacity_for).
  Recorder(std::unique_ptr<VideoEncoder> encoder, int fps, size_t queue_capacity);
  ~Recorder();  // stop()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Host frames only. The frame's pixels are shared, not copied (its owner keeps them alive until
  // the writer thread has encoded them); the writer converts to the encoders' RGB.
  // Never blocks. False when the frame was dropped (queue full: counted) or the recording is over.
  bool submit(RgbaFrame frame);
  // Waits while the queue is full: for renders, where every frame must reach the file.
  // False when the recording is over (stopped, or a write error: see stats().error).
  bool submit_wait(RgbaFrame frame);

  RecorderStats stats() const;
  // Writes what is queued, completes the file and joins the writer. Never throws; the returned
  // stats say whether it all went well (error empty). Calling it again returns the same stats.
  RecorderStats stop();

 private:
  void writer_loop();
  void fail(const std::string& message);

  std::unique_ptr<VideoEncoder> encoder_;
  const std::string target_;
  const int fps_;
  FrameQueue queue_;
  std::atomic<int64_t> written_{0};
  const std::chrono::steady_clock::time_point started_;
  std::mutex stop_mutex_;     // stop() may be called from two threads (the UI and a destructor)
  mutable std::mutex mutex_;  // guards error_, stopped_at_, stopped_
  std::string error_;
  std::chrono::steady_clock::time_point stopped_at_;
  bool stopped_ = false;
  std::thread writer_;
};

}  // namespace livedream::capture
