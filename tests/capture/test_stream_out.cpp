// Network streams (capture/stream_sink.h) read back by ffmpeg on 127.0.0.1: frames arrive, at the
// size and rate sent, the first within 2 s of the start; the URL and bit rate rules.
#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "capture/paced_output.h"
#include "capture/stream_reader.h"
#include "capture/stream_sink.h"
#include "capture/synthetic_frames.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::capture;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("stream out: the container follows the URL") {
  CHECK(stream_container("udp://127.0.0.1:5000") == "mpegts");
  CHECK(stream_container("SRT://host:9000?mode=caller") == "mpegts");
  CHECK(stream_container("rtmp://live.example.com/app/key") == "flv");
  CHECK(stream_container("rtsp://127.0.0.1:8554/dream") == "rtsp");
  CHECK(stream_container("out/dream.ts") == "mpegts");
  CHECK(stream_container("dream.flv") == "flv");
  CHECK(stream_container("dream.mkv") == "matroska");
  CHECK_FALSE(stream_container("http://example.com/x"));
  CHECK_FALSE(stream_container("dream.avi"));
  const auto args = stream_output_args({"rtmp://h/app/key", 30, "2500k", ""});
  const std::string joined = [&] {
    std::string s;
    for (const auto& a : args) s += a + " ";
    return s;
  }();
  CHECK(joined.find("-tune zerolatency") != std::string::npos);
  CHECK(joined.find("-g 15 ") != std::string::npos);  // half a second at 30 fps
  CHECK(joined.find("-b:v 2500k") != std::string::npos);
  CHECK(joined.find("-f flv rtmp://h/app/key") != std::string::npos);
}

TEST_CASE("stream out: a URL or bit rate it cannot use is one line naming the fix") {
  auto message = [](StreamSettings s) {
    try {
      check_stream_settings(s);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string scheme = message({"http://example.com/live", 30, "4M", ""});
  CHECK(scheme.find("not a stream livedream can send") != std::string::npos);
  CHECK(scheme.find("udp://HOST:PORT") != std::string::npos);
  CHECK(message({"udp://127.0.0.1:5000", 30, "fast", ""}).find("--stream-bitrate fast: not a bit rate") != std::string::npos);
  CHECK(message({"udp://127.0.0.1:5000", 30, "4G", ""}).find("not a bit rate") != std::string::npos);
  CHECK(message({"", 30, "4M", ""}).find("needs a URL") != std::string::npos);
  CHECK(message({"udp://127.0.0.1:5000", 30, "2500k", ""}).empty());
  CHECK(message({"udp://127.0.0.1:5000", 30, "4M", ""}).empty());
}

TEST_CASE("stream out: frames sent over UDP arrive at ffmpeg on 127.0.0.1 at their size and rate, the first within 2 s") {
  test::require_ffmpeg_tools();
  const int w = 160, h = 120, fps = 25;
  const std::string url = "udp://127.0.0.1:" + std::to_string(test::test_udp_port(0));
  test::StreamReader reader(url, w, h);
  PacedOutputOptions options;
  options.fps = fps;
  const auto start = Clock::now();
  auto output = std::make_unique<PacedOutput>(std::make_unique<StreamSink>(StreamSettings{url, double(fps), "2M", ""}), options);
  std::atomic<bool> producing{true};
  std::thread producer([&] {  // a dream at 10 steps a second: the stream repeats frames to hold 25
    for (int i = 0; producing; ++i) {
      output->submit(to_rgba_frame(test::synthetic_frame(w, h, i), i));
      std::this_thread::sleep_for(100ms);
    }
  });
  std::this_thread::sleep_for(5s);
  producing = false;
  producer.join();
  const auto stats = output->stats();
  output.reset();
  const auto got = reader.stop();
  INFO("reader log: " << got.log);
  REQUIRE(got.arrivals.size() > 2);
  const double first_s = std::chrono::duration<double>(got.arrivals.front() - start).count();
  const double counted_s = std::chrono::duration<double>(got.arrivals.back() - got.arrivals.front()).count();
  const double rate = (got.arrivals.size() - 1) / counted_s;
  INFO(got.arrivals.size() << " frames over " << counted_s << " s, first after " << first_s << " s; sent " << stats.frames_sent);
  CHECK(first_s < 2.0);
  CHECK(got.first_frame_mean > 20);  // a picture, not a black frame
  // The receiver sees the stream's own size and rate, and frames arrive at that rate.
  CHECK(std::regex_search(got.log, std::regex("Video: h264.*160x120")));
  CHECK(std::regex_search(got.log, std::regex("25 fps")));
  CHECK(rate > fps * 0.8);
  CHECK(rate < fps * 1.2);
  CHECK(stats.frames_repeated > stats.frames_new);  // the engine was slower than the stream
}

TEST_CASE("stream out: a stream to a file that cannot be written is an error and a retry, not a crash") {
  test::require_ffmpeg_tools();
  StreamSettings settings{test::tmp_dir("stream_out_unwritable") + "/no/such/folder/dream.ts", 25, "1M", ""};
  PacedOutputOptions options;
  options.fps = 25;
  options.retry_first = 100ms;
  PacedOutput output(std::make_unique<StreamSink>(settings), options);
  output.submit(to_rgba_frame(test::synthetic_frame(64, 48, 1), 1));
  for (int i = 0; i < 300 && output.stats().error.empty(); ++i) std::this_thread::sleep_for(10ms);
  const auto stats = output.stats();
  INFO(stats.error);
  CHECK_FALSE(stats.connected);
  CHECK(stats.error.find("dream.ts") != std::string::npos);
  const auto message = output.take_message();
  REQUIRE(message);
  CHECK(message->find("retrying") != std::string::npos);
}
