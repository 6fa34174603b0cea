#include "video/latest_frame_reader.h"

#include <utility>

#include "core/error.h"

namespace livedream::video {

LatestFrameReader::LatestFrameReader(std::unique_ptr<VideoSource> source, LatestFrameOptions options)
    : source_(std::move(source)), info_(source_->info()), pace_(options.pace && !info_.live) {
  paused_ = options.start_paused;
  rate_ = options.rate > 0 ? options.rate : 1.0;
  loop_ = options.loop && !info_.live;
  status_.loops = loop_;
  status_.state = paused_ ? ReaderStatus::State::Paused : ReaderStatus::State::Running;
  thread_ = std::thread([this] { run(); });
}

LatestFrameReader::~LatestFrameReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  source_->interrupt();  // a read blocked on a camera or a stream returns now
  wake_.notify_all();
  thread_.join();
}

bool LatestFrameReader::take(Image& frame, int64_t* position) {
  std::lock_guard lock(mutex_);
  if (!has_new_) return false;
  std::swap(frame, newest_);
  has_new_ = false;
  ++status_.frames_taken;
  if (position) *position = newest_position_;
  // The consumer's old pixels become the reader's next buffer.
  std::swap(newest_, spare_);
  return true;
}

ReaderStatus LatestFrameReader::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void LatestFrameReader::set_paused(bool paused) {
  {
    std::lock_guard lock(mutex_);
    paused_ = paused;
    if (status_.state == ReaderStatus::State::Running || status_.state == ReaderStatus::State::Paused)
      status_.state = paused ? ReaderStatus::State::Paused : ReaderStatus::State::Running;
  }
  wake_.notify_all();
}

void LatestFrameReader::set_loop(bool loop) {
  {
    std::lock_guard lock(mutex_);
    loop_ = loop && !info_.live;
    status_.loops = loop_;
  }
  wake_.notify_all();
}

void LatestFrameReader::set_rate(double rate) {
  if (!(rate > 0)) return;
  {
    std::lock_guard lock(mutex_);
    rate_ = rate;
    rate_changed_ = true;
  }
  wake_.notify_all();
}

void LatestFrameReader::seek(double seconds) {
  if (info_.live) return;
  {
    std::lock_guard lock(mutex_);
    seek_to_ = seconds;
  }
  wake_.notify_all();
}

bool LatestFrameReader::wait_until(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, until, [&] { return stopping_ || seek_to_.has_value() || paused_; });
  return !stopping_;
}

void LatestFrameReader::run() {
  using Clock = std::chrono::steady_clock;
  auto frame_time_at = [&](double rate) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / (info_.fps * rate)));
  };
  Clock::duration frame_time;
  {
    std::lock_guard lock(mutex_);
    frame_time = frame_time_at(rate_);
  }
  // Pacing: frame k of a run is due at anchor + k frame times; a seek, a pause or a loop
  // starts a new run, so a slow moment is not made up by a burst.
  Clock::time_point anchor = Clock::now();
  int64_t in_run = 0;
  Image frame;
  for (;;) {
    std::optional<double> seek_to;
    bool loop = false;
    {
      std::unique_lock lock(mutex_);
      // Paused, or at the end of a file that does not loop: wait for a request.
      wake_.wait(lock, [&] {
        const bool ended = status_.state == ReaderStatus::State::Ended || status_.state == ReaderStatus::State::Failed;
        return stopping_ || seek_to_.has_value() || (!paused_ && !ended);
      });
      if (stopping_) return;
      std::swap(seek_to, seek_to_);
      if (seek_to) {  // a seek restarts ffmpeg, so it may also cure a failure
        status_.state = paused_ ? ReaderStatus::State::Paused : ReaderStatus::State::Running;
        status_.error.clear();
      }
      loop = loop_;
      if (rate_changed_) {  // a new speed starts a new run: the pace changes from the next frame on
        rate_changed_ = false;
        frame_time = frame_time_at(rate_);
        in_run = 0;
      }
      if (frame.rgb.empty()) std::swap(frame, spare_);  // reuse the pixels the consumer handed back
    }
    bool got = false;
    try {
      if (seek_to) {
        source_->seek(*seek_to);
        anchor = Clock::now();
        in_run = 0;
      }
      got = source_->read(frame);
      if (!got) {
        if (std::string said = source_->warning(); !said.empty()) {
          std::lock_guard lock(mutex_);
          status_.warning = std::move(said);
        }
      }
      if (!got && loop && !info_.live) {
        {
          std::lock_guard lock(mutex_);
          ++status_.times_looped;
        }
        source_->seek(0);
        anchor = Clock::now();
        in_run = 0;
        got = source_->read(frame);
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      status_.state = ReaderStatus::State::Failed;
      status_.error = e.what();
      continue;
    }
    if (!got) {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      status_.state = ReaderStatus::State::Ended;
      continue;
    }
    if (pace_) {
      if (in_run > 0 && !wait_until(anchor + in_run * frame_time)) return;
      if (in_run == 0) anchor = Clock::now();
      ++in_run;
    }
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (seek_to_) continue;  // the frame from before a seek asked for meanwhile is not shown
    if (has_new_) ++status_.frames_dropped;
    std::swap(newest_, frame);  // `frame` now holds the dropped (or taken-and-returned) pixels
    has_new_ = true;
    newest_position_ = source_->position();
    status_.position = newest_position_;
    ++status_.frames_read;
  }
}

}  // namespace livedream::video
