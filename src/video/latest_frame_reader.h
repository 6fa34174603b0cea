// The newest frame of a video, for a consumer that must never wait on the input (the viewer's
// frame loop): a thread reads from a VideoSource and keeps only the latest frame; a frame nobody
// took before the next one arrived is dropped and counted. Files are read at their own frame rate
// (paced) and can be paused, looped and sought; cameras and streams deliver as fast as they come.
// The end of the input and any error are reported as values by status(), never thrown at the
// consumer.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/image.h"
#include "video/video_source.h"

namespace livedream::video {

struct LatestFrameOptions {
  bool pace = true;   // files: deliver at the source's fps (false: as fast as they decode)
  bool loop = false;  // files: start again at the end
  bool start_paused = false;
  double rate = 1.0;  // files: playback speed (2: twice the source's fps)
};

struct ReaderStatus {
  enum class State { Running, Paused, Ended, Failed };
  State state = State::Running;
  std::string error;           // Failed: the one-line message
  std::string warning;         // what ffmpeg complained about in a file it read to the end (one line), or empty
  int64_t frames_read = 0;     // from the source
  int64_t frames_taken = 0;    // by the consumer
  int64_t frames_dropped = 0;  // replaced by a newer one before anyone took them
  int64_t position = -1;       // source index of the newest frame read
  bool loops = false;
  int64_t times_looped = 0;  // how often a looping file went back to its start
};

class LatestFrameReader {
 public:
  // Starts the reading thread at once.
  LatestFrameReader(std::unique_ptr<VideoSource> source, LatestFrameOptions options = {});
  ~LatestFrameReader();  // stops the thread (interrupting a blocked read) and joins it
  LatestFrameReader(const LatestFrameReader&) = delete;
  LatestFrameReader& operator=(const LatestFrameReader&) = delete;

  const VideoInfo& info() const { return info_; }

  // The newest frame not taken yet, swapped into `frame` (its old pixels are reused by the
  // reader: no allocation per frame once running). False when nothing new arrived. `position`
  // (optional) gets the frame's index in the source. Never blocks on the input.
  bool take(Image& frame, int64_t* position = nullptr);
  ReaderStatus status() const;

  // Requests, acted on by the reading thread before its next frame. seek and loop apply to
  // files only (a live input ignores them: status().loops stays false). A seek also resumes an
  // ended file.
  void set_paused(bool paused);
  void set_loop(bool loop);
  void set_rate(double rate);  // files: playback speed, 1 = the source's own (> 0)
  void seek(double seconds);

 private:
  void run();
  // Waits until `until` or a request; false when stopping.
  bool wait_until(std::chrono::steady_clock::time_point until);

  std::unique_ptr<VideoSource> source_;
  const VideoInfo info_;
  const bool pace_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Image newest_, spare_;  // newest_: waiting for take(); spare_: pixels to reuse
  bool has_new_ = false;
  int64_t newest_position_ = -1;
  ReaderStatus status_;
  bool paused_ = false, loop_ = false, stopping_ = false;
  double rate_ = 1.0;
  bool rate_changed_ = false;
  std::optional<double> seek_to_;
  std::thread thread_;
};

}  // namespace livedream::video
