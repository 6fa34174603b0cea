// The sound of a video file, for a live stream to pass through: its first audio track decoded
// once by ffmpeg into memory as interleaved 16-bit stereo at 48 kHz, on a thread of its own, so a
// stream starts at once (silence until the sound is ready). A file without sound, or one ffmpeg
// cannot read, gives silence; so does any time past the first kMaxSeconds (memory: 11.5 MiB a
// minute).
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace livedream {
class ChildProcess;
}

namespace livedream::capture {

class AudioTrack {
 public:
  static constexpr int kRate = 48000;
  static constexpr int kChannels = 2;
  static constexpr double kMaxSeconds = 30 * 60;

  AudioTrack(std::string ffmpeg, std::string path);  // starts decoding; never throws
  ~AudioTrack();                                     // stops a decode still running
  AudioTrack(const AudioTrack&) = delete;
  AudioTrack& operator=(const AudioTrack&) = delete;

  // `frames` sample frames (kChannels values each) from `from_s` seconds into `out`; silence
  // where the track has no sound (before its start, past its end, before it is decoded).
  void copy(double from_s, size_t frames, int16_t* out) const;
  bool ready() const { return ready_.load(); }  // the decode has ended
  double seconds() const;                       // the decoded length (0 until ready)

 private:
  void decode(const std::string& ffmpeg, const std::string& path);
  std::vector<int16_t> samples_;  // written by the decoding thread only before ready_ is set
  std::atomic<bool> ready_{false}, stop_{false};
  std::mutex child_mutex_;
  std::unique_ptr<ChildProcess> child_;  // guarded by child_mutex_
  std::thread thread_;
};

}  // namespace livedream::capture
