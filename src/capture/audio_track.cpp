#include "capture/audio_track.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "core/child_process.h"

namespace livedream::capture {

AudioTrack::AudioTrack(std::string ffmpeg, std::string path) {
  thread_ = std::thread([this, ffmpeg = std::move(ffmpeg), path = std::move(path)] { decode(ffmpeg, path); });
}

AudioTrack::~AudioTrack() {
  stop_ = true;
  {
    std::lock_guard lock(child_mutex_);
    if (child_) child_->kill();
  }
  if (thread_.joinable()) thread_.join();
}

void AudioTrack::decode(const std::string& ffmpeg, const std::string& path) {
  std::vector<int16_t> samples;
  try {
    // "0:a:0?": the first audio track if there is one; none is not an error (silence).
    const std::vector<std::string> args = {"-hide_banner",
                                           "-loglevel",
                                           "error",
                                           "-nostdin",
                                           "-i",
                                           path,
                                           "-map",
                                           "0:a:0?",
                                           "-vn",
                                           "-ac",
                                           std::to_string(kChannels),
                                           "-ar",
                                           std::to_string(kRate),
                                           "-t",
                                           std::to_string(kMaxSeconds),
                                           "-f",
                                           "s16le",
                                           "pipe:1"};
    {
      std::lock_guard lock(child_mutex_);
      if (stop_) return;
      child_ = std::make_unique<ChildProcess>(ffmpeg, args, ChildPipe::Stdout);
    }
    // Read straight into the samples (no second copy of a long track in memory).
    const int fd = child_->pipe_fd();
    size_t filled = 0;  // bytes
    for (;;) {
      if (samples.size() * sizeof(int16_t) - filled < (1 << 16)) samples.resize(samples.size() + (1 << 16) + samples.size() / 2);
      const ssize_t n = ::read(fd, reinterpret_cast<char*>(samples.data()) + filled, samples.size() * sizeof(int16_t) - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      filled += static_cast<size_t>(n);
    }
    child_->close_pipe();
    child_->wait();
    samples.resize(filled / sizeof(int16_t) / kChannels * kChannels);
    samples.shrink_to_fit();
  } catch (...) {
    samples.clear();  // cannot start ffmpeg: silence, as for a file without sound
  }
  if (!stop_) samples_ = std::move(samples);
  ready_ = true;
}

double AudioTrack::seconds() const { return ready() ? static_cast<double>(samples_.size() / kChannels) / kRate : 0.0; }

void AudioTrack::copy(double from_s, size_t frames, int16_t* out) const {
  std::fill(out, out + frames * kChannels, int16_t{0});
  if (!ready() || samples_.empty() || !(from_s == from_s)) return;
  const int64_t available = static_cast<int64_t>(samples_.size() / kChannels);
  const int64_t first = std::llround(from_s * kRate);
  const int64_t begin = std::max<int64_t>(first, 0), end = std::min<int64_t>(first + static_cast<int64_t>(frames), available);
  if (begin >= end) return;
  std::memcpy(out + (begin - first) * kChannels, samples_.data() + begin * kChannels,
              static_cast<size_t>(end - begin) * kChannels * sizeof(int16_t));
}

}  // namespace livedream::capture
