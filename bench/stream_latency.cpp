// Glass-to-stream latency of a live stream on 127.0.0.1 (issue 26): the time from a dream frame
// handed to the stream (what the window shows at that moment) to the same frame decoded by a
// receiver (ffmpeg, with the flags of the README's ffplay line, one decoding thread among them). The frames are black; now and
// then one is white, and the receiver's first bright frame ends the measurement. Prints each
// latency and the median and 90th percentile.
//   livedream_stream_latency [--size WxH] [--fps N] [--trials N] [--port P]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "capture/paced_output.h"
#include "capture/stream_sink.h"
#include "core/child_process.h"

using namespace livedream;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int w = 512, h = 384, fps = 30, trials = 20, port = 47311;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--size")) std::sscanf(argv[i + 1], "%dx%d", &w, &h);
    if (!std::strcmp(argv[i], "--fps")) fps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--trials")) trials = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--port")) port = std::atoi(argv[i + 1]);
  }
  const std::string url = "udp://127.0.0.1:" + std::to_string(port);
  ChildProcess receiver(find_ffmpeg(),
                        {"-hide_banner",
                         "-loglevel",
                         "error",
                         "-fflags",
                         "nobuffer",
                         "-flags",
                         "low_delay",
                         "-probesize",
                         "32",
                         "-analyzeduration",
                         "0",
                         "-threads",
                         "1",
                         "-i",
                         url + "?fifo_size=1000000&overrun_nonfatal=1",
                         "-f",
                         "rawvideo",
                         "-pix_fmt",
                         "gray",
                         "pipe:1"},
                        ChildPipe::Stdout);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  capture::PacedOutputOptions options;
  options.fps = fps;
  capture::PacedOutput output(std::make_unique<capture::StreamSink>(capture::StreamSettings{url, double(fps), "4M", {}}), options);
  std::vector<uint8_t> black(static_cast<size_t>(w) * h * 4, 0), white(black.size(), 255);
  for (size_t i = 3; i < black.size(); i += 4) black[i] = 255;
  auto frame = [&](const std::vector<uint8_t>& px, int64_t step) {
    RgbaFrame f;
    f.width = w;
    f.height = h;
    f.data = px.data();
    f.step = step;
    return f;
  };
  std::vector<uint8_t> got(static_cast<size_t>(w) * h);
  auto read_frame = [&] {
    size_t n = 0;
    while (n < got.size()) {
      const ssize_t r = ::read(receiver.pipe_fd(), got.data() + n, got.size() - n);
      if (r <= 0) return false;
      n += static_cast<size_t>(r);
    }
    return true;
  };
  auto mean = [&] {
    double s = 0;
    for (size_t i = 0; i < got.size(); i += 97) s += got[i];
    return s / static_cast<double>((got.size() + 96) / 97);
  };
  std::vector<double> ms;
  std::mt19937 rng(1);
  int64_t step = 0;
  for (int t = 0; t < trials; ++t) {
    output.submit(frame(black, ++step));
    // Black until the receiver shows black (the last white has passed), then a while more.
    while (read_frame() && mean() > 64) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 300));
    const auto shown = Clock::now();
    output.submit(frame(white, ++step));
    while (read_frame() && mean() < 128) {
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - shown).count());
    std::printf("trial %2d: %.1f ms\n", t + 1, ms.back());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("glass-to-stream latency over %d trials (%dx%d, %d fps, 127.0.0.1): median %.1f ms, p90 %.1f ms, min %.1f, max %.1f\n",
              trials, w, h, fps, ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.front(), ms.back());
  receiver.kill();
  return 0;
}
