#include <chrono>
#include <thread>

#include "capture/frame_queue.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::capture;
using Clock = std::chrono::steady_clock;

namespace {
RgbaFrame tagged(int tag) {  // the width carries the tag: cheap frames whose order can be checked
  Image image;
  image.width = tag;
  image.height = 1;
  image.rgb.assign(static_cast<size_t>(tag) * 3, 0);
  return to_rgba_frame(image);
}
}  // namespace

TEST_CASE("the frame queue is bounded and counts what it drops") {
  FrameQueue queue(3);
  int accepted = 0;
  for (int i = 1; i <= 5; ++i) accepted += queue.try_push(tagged(i));
  CHECK(accepted == 3);
  CHECK(queue.size() == 3);
  CHECK(queue.dropped() == 2);
  // First in, first out; the dropped frames were the newest ones.
  CHECK(queue.pop()->width == 1);
  CHECK(queue.pop()->width == 2);
  CHECK(queue.try_push(tagged(6)));
  CHECK(queue.pop()->width == 3);
  CHECK(queue.pop()->width == 6);
  CHECK(queue.dropped() == 2);
}

TEST_CASE("try_push never waits for a stuck consumer") {
  FrameQueue queue(2);
  const auto start = Clock::now();
  for (int i = 0; i < 1000; ++i) queue.try_push(tagged(1));
  CHECK(Clock::now() - start < std::chrono::milliseconds(500));
  CHECK(queue.dropped() == 998);
}

TEST_CASE("closing lets the consumer drain, then ends it, pushes after close are refused, not dropped") {
  FrameQueue queue(4);
  queue.try_push(tagged(1));
  queue.try_push(tagged(2));
  queue.close();
  CHECK_FALSE(queue.try_push(tagged(3)));
  CHECK_FALSE(queue.push_wait(tagged(4)));
  CHECK(queue.dropped() == 0);
  CHECK(queue.pop()->width == 1);
  CHECK(queue.pop()->width == 2);
  CHECK_FALSE(queue.pop().has_value());
}

TEST_CASE("push_wait waits for room instead of dropping") {
  FrameQueue queue(1);
  REQUIRE(queue.try_push(tagged(1)));
  std::thread producer([&] { CHECK(queue.push_wait(tagged(2))); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(queue.size() == 1);  // still waiting
  CHECK(queue.pop()->width == 1);
  CHECK(queue.pop()->width == 2);
  producer.join();
  CHECK(queue.dropped() == 0);
}

TEST_CASE("close_and_clear wakes a waiting producer and a waiting consumer") {
  FrameQueue full(1);
  full.try_push(tagged(1));
  std::thread producer([&] { CHECK_FALSE(full.push_wait(tagged(2))); });
  FrameQueue empty(1);
  std::thread consumer([&] { CHECK_FALSE(empty.pop().has_value()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  full.close_and_clear();
  empty.close_and_clear();
  producer.join();
  consumer.join();
  CHECK(full.size() == 0);
}

TEST_CASE("queue capacity follows a byte budget, at least two frames") {
  CHECK(queue_capacity_for(100, 100, 400'000) == 10);  // RGBA: 40,000 bytes a frame
  CHECK(queue_capacity_for(4000, 4000, 1'000'000) == 2);
  CHECK(FrameQueue(0).capacity() == 1);
}
