// PacedOutput (capture/paced_output.h) with a fake sink: the rate, repeats, the first frame's
// size, a sink that fails and comes back, a sink that blocks.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "capture/paced_output.h"
#include "capture/synthetic_frames.h"
#include "core/error.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::capture;
using namespace std::chrono_literals;

namespace {

struct SinkLog {
  std::mutex mutex;
  std::vector<int64_t> steps;  // of the frames sent
  std::vector<std::pair<int, int>> sizes;
  int opens = 0, open_failures_left = 0, send_failures_left = 0, closes = 0, aborts = 0;
  int fail_sends_after = -1;  // sends that work before the failures start (-1: never fail)
  std::chrono::milliseconds send_delay{0};
  std::atomic<bool> blocked{false}, release{false};
  bool block_sends = false;
};

struct FakeSink : FrameSink {
  std::shared_ptr<SinkLog> log = std::make_shared<SinkLog>();
  int width = 0, height = 0;
  void open(int w, int h) override {
    std::lock_guard lock(log->mutex);
    ++log->opens;
    if (log->open_failures_left > 0) {
      --log->open_failures_left;
      throw runtime_error("fake: connection refused", "start the receiver");
    }
    width = w, height = h;
  }
  void send(const RgbaFrame& frame, double /*source_s*/) override {
    if (log->block_sends) {
      log->blocked = true;
      while (!log->release) std::this_thread::sleep_for(1ms);
      throw runtime_error("fake: aborted", "");
    }
    std::this_thread::sleep_for(log->send_delay);
    std::lock_guard lock(log->mutex);
    if (log->fail_sends_after >= 0 && static_cast<int>(log->steps.size()) >= log->fail_sends_after && log->send_failures_left > 0) {
      --log->send_failures_left;
      throw runtime_error("fake: connection dropped", "");
    }
    REQUIRE(frame.width == width);
    REQUIRE(frame.height == height);
    log->steps.push_back(frame.step);
    log->sizes.emplace_back(frame.width, frame.height);
  }
  void close() override {
    std::lock_guard lock(log->mutex);
    ++log->closes;
  }
  void abort() override {
    ++log->aborts;
    log->release = true;
  }
  std::string describe() const override { return "fake sink"; }
};

RgbaFrame frame(int w, int h, int64_t step) { return to_rgba_frame(test::synthetic_frame(w, h, static_cast<int>(step)), step); }

}  // namespace

TEST_CASE("paced output: sends at its rate, repeating the newest frame while none is new") {
  auto sink = std::make_unique<FakeSink>();
  auto log = sink->log;
  PacedOutputOptions options;
  options.fps = 50;
  {
    PacedOutput output(std::move(sink), options);
    for (int i = 0; i < 5; ++i) {  // 5 frames over 1 s: 10 per second from the producer
      output.submit(frame(64, 48, i));
      std::this_thread::sleep_for(200ms);
    }
    const auto stats = output.stats();
    CHECK(stats.connected);
    CHECK(stats.frames_new == 5);
    CHECK(stats.frames_repeated == stats.frames_sent - 5);
    CHECK(stats.first_frame_s >= 0);
    CHECK(stats.first_frame_s < 0.2);
  }
  std::lock_guard lock(log->mutex);
  INFO("frames sent " << log->steps.size());
  CHECK(log->steps.size() >= 40);  // 50 per second for about a second (a loaded machine loses a few)
  CHECK(log->steps.size() <= 52);
  CHECK(log->steps.front() == 0);
  CHECK(log->steps.back() == 4);
  CHECK(std::is_sorted(log->steps.begin(), log->steps.end()));
  CHECK(log->opens == 1);
}

TEST_CASE("paced output: the first frame fixes the size, later sizes are resized to it, device frames are ignored") {
  auto sink = std::make_unique<FakeSink>();
  auto log = sink->log;
  PacedOutputOptions options;
  options.fps = 100;
  {
    PacedOutput output(std::move(sink), options);
    output.submit(frame(64, 48, 1));
    std::this_thread::sleep_for(60ms);
    output.submit(frame(100, 30, 2));
    std::this_thread::sleep_for(60ms);
    RgbaFrame device = frame(64, 48, 3);
    device.on_device = true;
    output.submit(device);
    std::this_thread::sleep_for(60ms);
  }
  std::lock_guard lock(log->mutex);
  REQUIRE(!log->steps.empty());
  CHECK(std::count(log->steps.begin(), log->steps.end(), 2) > 0);
  CHECK(std::count(log->steps.begin(), log->steps.end(), 3) == 0);
  for (const auto& size : log->sizes) CHECK(size == std::make_pair(64, 48));
}

TEST_CASE("paced output: a dropped connection is one message, a retry, and frames again when it is back") {
  auto sink = std::make_unique<FakeSink>();
  auto log = sink->log;
  log->fail_sends_after = 3;
  log->send_failures_left = 1;
  log->open_failures_left = 0;
  PacedOutputOptions options;
  options.fps = 100;
  options.retry_first = 50ms;
  PacedOutput output(std::move(sink), options);
  output.submit(frame(32, 32, 7));
  // The send after the third fails; the reopen then fails twice (the receiver is still down).
  for (int i = 0; i < 100 && output.stats().error.empty(); ++i) std::this_thread::sleep_for(5ms);
  {
    std::lock_guard lock(log->mutex);
    log->open_failures_left = 2;
  }
  const auto failed = output.stats();
  CHECK_FALSE(failed.connected);
  CHECK(failed.error.find("connection dropped") != std::string::npos);
  const auto message = output.take_message();
  REQUIRE(message);
  CHECK(message->find("connection dropped") != std::string::npos);
  CHECK(message->find("retrying") != std::string::npos);
  for (int i = 0; i < 200 && !output.stats().connected; ++i) std::this_thread::sleep_for(5ms);
  const auto back = output.stats();
  CHECK(back.connected);
  CHECK(back.reconnects == 1);
  CHECK(back.error.empty());
  // One message for the outage (not one per failed retry), one for the return.
  const auto again = output.take_message();
  REQUIRE(again);
  CHECK(again->find("sending again") != std::string::npos);
  CHECK_FALSE(output.take_message());
  std::lock_guard lock(log->mutex);
  CHECK(log->opens == 4);  // the first, two refused, the one that worked
  CHECK(log->closes >= 1);
}

TEST_CASE("paced output: submit never waits for a blocked sink, and stopping unblocks it") {
  auto sink = std::make_unique<FakeSink>();
  auto log = sink->log;
  log->block_sends = true;
  PacedOutputOptions options;
  options.fps = 100;
  auto output = std::make_unique<PacedOutput>(std::move(sink), options);
  output->submit(frame(32, 32, 1));
  for (int i = 0; i < 200 && !log->blocked; ++i) std::this_thread::sleep_for(5ms);
  REQUIRE(log->blocked);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) output->submit(frame(32, 32, 2 + i));
  CHECK(std::chrono::steady_clock::now() - t0 < 200ms);  // 100 frames handed over while the sink hangs
  const auto t1 = std::chrono::steady_clock::now();
  output.reset();  // waits a second, then aborts the send
  CHECK(std::chrono::steady_clock::now() - t1 < 3s);
  CHECK(log->aborts == 1);
}
