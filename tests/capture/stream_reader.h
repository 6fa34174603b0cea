// A receiver for stream tests: ffmpeg decoding a stream (udp://...) to raw RGB on a pipe, read by a
// thread that notes when each frame arrives, the way a player would show them. Started before the
// sender, with the flags that make ffmpeg show a live stream at once (no seconds of probing).
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/child_process.h"

namespace livedream::test {

struct StreamReception {
  std::vector<std::chrono::steady_clock::time_point> arrivals;  // one per whole frame
  double first_frame_mean = -1;                                 // mean byte of the first frame (a picture, not black)
  std::string log;                                              // ffmpeg's: the stream's codec, size and rate
};

class StreamReader {
 public:
  // Listens on `url` for frames of width x height.
  StreamReader(const std::string& url, int width, int height);
  ~StreamReader();
  // Stops ffmpeg and returns what arrived.
  StreamReception stop();
  size_t frames() const { return count_; }

 private:
  std::unique_ptr<ChildProcess> ffmpeg_;
  size_t frame_bytes_;
  std::atomic<size_t> count_{0};
  std::mutex mutex_;
  StreamReception got_;
  std::thread thread_;
};

// A free UDP port number for this test process (by its pid), offset to tell tests apart.
int test_udp_port(int offset);

}  // namespace livedream::test
