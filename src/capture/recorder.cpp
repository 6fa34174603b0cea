#include "capture/recorder.h"

#include "core/error.h"

namespace livedream::capture {

Recorder::Recorder(std::unique_ptr<VideoEncoder> encoder, int fps, size_t queue_capacity)
    : encoder_(std::move(encoder)),
      target_(encoder_->target()),
      fps_(fps > 0 ? fps : 30),
      queue_(queue_capacity),
      started_(std::chrono::steady_clock::now()) {
  writer_ = std::thread([this] { writer_loop(); });
}

Recorder::~Recorder() { stop(); }

bool Recorder::submit(RgbaFrame frame) { return queue_.try_push(std::move(frame)); }
bool Recorder::submit_wait(RgbaFrame frame) { return queue_.push_wait(std::move(frame)); }

void Recorder::fail(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (error_.empty()) error_ = message;
}

void Recorder::writer_loop() {
  // Everything the encoder throws ends here as a message: the producer and the process go on.
  auto attempt = [this](auto&& action) {
    try {
      action();
      return true;
    } catch (const std::exception& e) {
      fail(first_line(e.what()));
    } catch (...) {
      fail("unknown error while writing " + target_);
    }
    return false;
  };
  while (auto frame = queue_.pop()) {
    if (!attempt([&] { encoder_->write(to_rgb(*frame)); })) {
      queue_.close_and_clear();  // nothing more can be written; stop taking frames
      break;
    }
    written_.fetch_add(1, std::memory_order_relaxed);
  }
  // Also after a failure: closing ffmpeg's input lets it finish what it has (a playable file).
  attempt([&] { encoder_->finish(); });
  attempt([&] { encoder_.reset(); });
}

RecorderStats Recorder::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  queue_.close();
  if (writer_.joinable()) writer_.join();
  {
    std::lock_guard lock(mutex_);
    if (!stopped_) {
      stopped_ = true;
      stopped_at_ = std::chrono::steady_clock::now();
    }
  }
  return stats();
}

RecorderStats Recorder::stats() const {
  RecorderStats s;
  s.target = target_;
  s.frames_written = written_.load(std::memory_order_relaxed);
  s.frames_dropped = queue_.dropped();
  s.frames_queued = static_cast<int64_t>(queue_.size());
  s.video_s = static_cast<double>(s.frames_written) / fps_;
  s.running = !queue_.closed();
  std::lock_guard lock(mutex_);
  s.error = error_;
  const auto end = stopped_ ? stopped_at_ : std::chrono::steady_clock::now();
  s.elapsed_s = std::chrono::duration<double>(end - started_).count();
  return s;
}

}  // namespace livedream::capture
