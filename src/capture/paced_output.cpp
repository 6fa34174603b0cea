#include "capture/paced_output.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "core/error.h"
#include "core/image_resize.h"

namespace livedream::capture {

using Clock = std::chrono::steady_clock;

PacedOutput::PacedOutput(std::unique_ptr<FrameSink> sink, PacedOutputOptions options)
    : sink_(std::move(sink)), options_(options), started_(Clock::now()) {
  stats_.target = sink_->describe();
  thread_ = std::thread([this] { run(); });
}

PacedOutput::~PacedOutput() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  {
    // A send blocked on a destination that stopped reading would hold the join: give it a moment,
    // then make it fail.
    std::unique_lock lock(mutex_);
    if (!wake_.wait_for(lock, std::chrono::seconds(1), [&] { return exited_; })) {
      lock.unlock();
      sink_->abort();
    }
  }
  thread_.join();
  sink_->close();
}

void PacedOutput::submit(const RgbaFrame& frame, double source_s) {
  if (frame.empty() || frame.on_device) return;  // host frames only (the viewer asks the session for them)
  std::lock_guard lock(mutex_);
  newest_ = frame;
  newest_source_s_ = source_s;
  ++submitted_;
}

PacedOutputStats PacedOutput::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::optional<std::string> PacedOutput::take_message() {
  std::lock_guard lock(mutex_);
  return std::exchange(message_, std::nullopt);
}

namespace {

// The frame at the output's size (a producer's size may change mid-run: a video has one size).
RgbaFrame fitted(const RgbaFrame& frame, int width, int height) {
  if (frame.width == width && frame.height == height) return frame;
  return to_rgba_frame(resize_image(to_rgb(frame), width, height), frame.step);
}

}  // namespace

void PacedOutput::run() {
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / std::max(1.0, options_.fps)));
  RgbaFrame current;
  double current_source_s = -1;
  uint64_t current_id = 0;
  int width = 0, height = 0;
  bool open = false, failing = false;
  auto backoff = options_.retry_first;
  Clock::time_point retry_at{};
  auto next = Clock::now();
  for (;;) {
    bool fresh = false;
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [&] { return stop_; })) {
        exited_ = true;
        wake_.notify_all();
        return;
      }
      if (submitted_ != current_id) {
        current = newest_;
        current_source_s = newest_source_s_;
        current_id = submitted_;
        fresh = true;
      }
    }
    next += period;
    if (current.empty()) continue;  // nothing to send before the first frame
    if (width == 0) width = current.width, height = current.height;
    const auto now = Clock::now();
    std::string failure;
    if (!open && now >= retry_at) {
      try {
        sink_->open(width, height);
        open = true;
        if (failing) {
          std::lock_guard lock(mutex_);
          ++stats_.reconnects;
          message_ = stats_.target + ": sending again";
        }
        failing = false;
        backoff = options_.retry_first;
      } catch (const std::exception& e) {
        failure = first_line(e.what());
      }
    }
    if (open) {
      const auto t0 = Clock::now();
      try {
        sink_->send(fitted(current, width, height), current_source_s);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::lock_guard lock(mutex_);
        ++stats_.frames_sent;
        if (fresh)
          ++stats_.frames_new;
        else
          ++stats_.frames_repeated;
        if (stats_.first_frame_s < 0) stats_.first_frame_s = std::chrono::duration<double>(Clock::now() - started_).count();
        stats_.send_ms = stats_.send_ms == 0 ? ms : stats_.send_ms * 0.9 + ms * 0.1;
        stats_.connected = true;
        stats_.error.clear();
      } catch (const std::exception& e) {
        failure = first_line(e.what());
        sink_->close();
        open = false;
      }
    }
    if (!failure.empty()) {
      std::lock_guard lock(mutex_);
      stats_.connected = false;
      stats_.error = failure;
      if (!failing) message_ = failure + " (retrying)";  // once per outage, not once per retry
      failing = true;
      retry_at = Clock::now() + backoff;
      backoff = std::min(backoff * 2, options_.retry_max);
    }
    // A send slower than a tick: skip the ticks it overran rather than bursting to catch up.
    if (const auto late = Clock::now(); late > next) {
      const auto missed = (late - next) / period + 1;
      std::lock_guard lock(mutex_);
      stats_.ticks_late += missed;
      next += missed * period;
    }
  }
}

}  // namespace livedream::capture
