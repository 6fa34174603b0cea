// The bounded hand-over between a producer (the render loop or the render command) and the
// recording's writer thread. Bounded so a slow encoder cannot eat all memory; the live producer
// never waits: when the queue is full the new frame is dropped and counted instead.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "core/rgba_frame.h"

namespace livedream::capture {

class FrameQueue {
 public:
  explicit FrameQueue(size_t capacity);  // capacity >= 1 (0 is treated as 1)

  // Never blocks. Returns false when the frame was not queued: the queue was full (the frame is
  // dropped and counted) or closed (not counted: the recording is over, nothing was lost from it).
  bool try_push(RgbaFrame frame);
  // Waits while the queue is full (the render command: no frame may be lost). False when closed.
  bool push_wait(RgbaFrame frame);
  // Waits for the next frame; nullopt once the queue is closed and drained.
  std::optional<RgbaFrame> pop();
  // No more pushes; pop() still returns what is queued. Wakes every waiter.
  void close();
  // Closes and throws away what is queued (the writer failed: nothing more can be written).
  void close_and_clear();

  size_t capacity() const { return capacity_; }
  size_t size() const;
  int64_t dropped() const;
  bool closed() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<RgbaFrame> frames_;
  int64_t dropped_ = 0;
  bool closed_ = false;
};

// How many RGBA frames of width x height fit in `byte_budget` (at least 2, so that the writer can work
// on one frame while the next is queued).
size_t queue_capacity_for(int width, int height, size_t byte_budget);

}  // namespace livedream::capture
