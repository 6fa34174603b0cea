#include "viewer/video_player.h"

#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "core/error.h"
#include "video/latest_frame_reader.h"
#include "video/video_source.h"

namespace livedream::viewer {

// What the opening thread hands over; the thread holds it too, so a player destroyed while a
// stream still times out leaves the thread to finish alone.
struct VideoPlayer::Opening {
  std::mutex mutex;
  bool done = false;
  std::unique_ptr<video::VideoSource> source;
  std::string error;
};

VideoPlayer::VideoPlayer(std::string input) : name_(std::move(input)), opening_(std::make_shared<Opening>()) {
  std::thread([opening = opening_, input = name_] {
    std::unique_ptr<video::VideoSource> source;
    std::string error;
    try {
      source = video::VideoSource::open(input);
    } catch (const std::exception& e) {
      error = first_line(e.what());
    }
    std::lock_guard<std::mutex> lock(opening->mutex);
    opening->source = std::move(source);
    opening->error = std::move(error);
    opening->done = true;
  }).detach();
}

VideoPlayer::VideoPlayer(std::string input, std::unique_ptr<video::VideoSource> source)
    : name_(std::move(input)), opening_(std::make_shared<Opening>()) {
  opening_->source = std::move(source);
  opening_->done = true;
}

VideoPlayer::~VideoPlayer() = default;

VideoPlayer::Poll VideoPlayer::poll() {
  Poll out;
  if (opening_) {
    std::unique_ptr<video::VideoSource> source;
    {
      std::lock_guard<std::mutex> lock(opening_->mutex);
      if (!opening_->done) return out;
      source = std::move(opening_->source);
      out.error = std::move(opening_->error);
    }
    opening_.reset();
    if (!source) {
      failed_ = true;
      return out;
    }
    video::LatestFrameOptions options;
    options.loop = loop_;
    options.start_paused = user_paused_ || held_;
    options.rate = rate_;
    reader_ = std::make_unique<video::LatestFrameReader>(std::move(source), options);
    out.opened = true;
  }
  if (!reader_ || failed_) return out;
  Image frame;
  if (reader_->take(frame, &position_)) out.frame = std::move(frame);
  const video::ReaderStatus status = reader_->status();
  if (!status.warning.empty() && status.warning != warned_) out.warning = warned_ = status.warning;
  if (status.state == video::ReaderStatus::State::Failed) {
    failed_ = true;
    out.error = status.error;
  }
  return out;
}

void VideoPlayer::apply_pause() {
  if (reader_) reader_->set_paused(user_paused_ || held_);
}

void VideoPlayer::toggle_play() {
  if (reader_ && reader_->status().state == video::ReaderStatus::State::Ended) {
    reader_->seek(0.0);  // "Play again": a seek also resumes an ended file
    user_paused_ = false;
  } else {
    user_paused_ = !user_paused_;
  }
  apply_pause();
}

void VideoPlayer::toggle_loop() { set_loop(!loop_); }

void VideoPlayer::set_playing(bool playing) {
  const bool ended = reader_ && reader_->status().state == video::ReaderStatus::State::Ended;
  if (playing == !user_paused_ && !(playing && ended)) return;
  if (playing && ended) {
    toggle_play();  // "Play again"
    return;
  }
  user_paused_ = !playing;
  apply_pause();
}

void VideoPlayer::set_loop(bool loop) {
  loop_ = loop;
  if (reader_) reader_->set_loop(loop_);
}

void VideoPlayer::set_rate(double rate) {
  rate_ = rate;
  if (reader_) reader_->set_rate(rate_);
}

void VideoPlayer::seek(double seconds) {
  if (reader_ && !reader_->info().live) reader_->seek(seconds);
}

void VideoPlayer::hold(bool held) {
  if (held == held_) return;
  held_ = held;
  apply_pause();
}

std::optional<video::VideoInfo> VideoPlayer::info() const {
  if (!reader_) return std::nullopt;
  return reader_->info();
}

bool VideoPlayer::playing() const { return reader_ && !failed_ && reader_->status().state == video::ReaderStatus::State::Running; }

void VideoPlayer::fill(ui::VideoView& view) const {
  view.open = reader_ != nullptr && !failed_;
  view.frames_skipped = 0;
  view.name = name_;
  view.loop = loop_;
  if (!reader_) return;
  const video::VideoInfo& info = reader_->info();
  const video::ReaderStatus status = reader_->status();
  view.live = info.live;
  view.width = info.width;
  view.height = info.height;
  view.fps = info.fps;
  view.duration_s = info.duration_s;
  view.playing = status.state == video::ReaderStatus::State::Running;
  view.ended = status.state == video::ReaderStatus::State::Ended;
  view.frames_skipped = status.frames_dropped;  // the viewer's share; the viewer adds the session's
  view.times_looped = status.times_looped;
  view.rate = rate_;
  view.position_s = position_ >= 0 && info.fps > 0 ? static_cast<double>(position_) / info.fps : 0.0;
}

}  // namespace livedream::viewer
