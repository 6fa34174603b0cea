#include "capture/frame_queue.h"

#include <algorithm>

namespace livedream::capture {

FrameQueue::FrameQueue(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

bool FrameQueue::try_push(RgbaFrame frame) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (frames_.size() >= capacity_) {
      ++dropped_;
      return false;
    }
    frames_.push_back(std::move(frame));
  }
  not_empty_.notify_one();
  return true;
}

bool FrameQueue::push_wait(RgbaFrame frame) {
  {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || frames_.size() < capacity_; });
    if (closed_) return false;
    frames_.push_back(std::move(frame));
  }
  not_empty_.notify_one();
  return true;
}

std::optional<RgbaFrame> FrameQueue::pop() {
  std::optional<RgbaFrame> frame;
  {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !frames_.empty(); });
    if (frames_.empty()) return std::nullopt;
    frame = std::move(frames_.front());
    frames_.pop_front();
  }
  not_full_.notify_one();
  return frame;
}

void FrameQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

void FrameQueue::close_and_clear() {
  std::deque<RgbaFrame> discarded;  // released outside the lock
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    discarded.swap(frames_);
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

size_t FrameQueue::size() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}
int64_t FrameQueue::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}
bool FrameQueue::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

size_t queue_capacity_for(int width, int height, size_t byte_budget) {
  const size_t frame_bytes = std::max<size_t>(static_cast<size_t>(std::max(width, 1)) * std::max(height, 1) * 4, 1);
  return std::max<size_t>(byte_budget / frame_bytes, 2);
}

}  // namespace livedream::capture
