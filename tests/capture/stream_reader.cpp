#include "capture/stream_reader.h"

#include <unistd.h>

#include "core/child_process.h"

namespace livedream::test {

StreamReader::StreamReader(const std::string& url, int width, int height) : frame_bytes_(static_cast<size_t>(width) * height * 3) {
  ffmpeg_ = std::make_unique<ChildProcess>(
      find_ffmpeg(),
      std::vector<std::string>{"-hide_banner", "-loglevel", "info", "-nostats", "-fflags", "nobuffer", "-flags", "low_delay", "-probesize",
                               "32", "-analyzeduration", "0",
                               // One decoding thread: frame threads hold frames back (the last ones for good once a stream ends).
                               "-threads", "1", "-i", url + "?fifo_size=1000000&overrun_nonfatal=1", "-f", "rawvideo", "-pix_fmt", "rgb24",
                               "pipe:1"},
      ChildPipe::Stdout);
  thread_ = std::thread([this] {
    std::vector<uint8_t> frame(frame_bytes_);
    for (;;) {
      size_t got = 0;
      while (got < frame.size()) {
        const ssize_t n = ::read(ffmpeg_->pipe_fd(), frame.data() + got, frame.size() - got);
        if (n <= 0) return;
        got += static_cast<size_t>(n);
      }
      std::lock_guard lock(mutex_);
      got_.arrivals.push_back(std::chrono::steady_clock::now());
      if (got_.first_frame_mean < 0) {
        double sum = 0;
        for (uint8_t v : frame) sum += v;
        got_.first_frame_mean = sum / static_cast<double>(frame.size());
      }
      ++count_;
    }
  });
  usleep(500 * 1000);  // listening before anyone sends
}

StreamReader::~StreamReader() { stop(); }

StreamReception StreamReader::stop() {
  if (ffmpeg_) {
    ffmpeg_->kill();
    ffmpeg_->wait();
    if (thread_.joinable()) thread_.join();
    got_.log = ffmpeg_->log();
    ffmpeg_.reset();
  }
  std::lock_guard lock(mutex_);
  return got_;
}

int test_udp_port(int offset) { return 20000 + (getpid() % 2000) * 10 + offset; }

}  // namespace livedream::test
