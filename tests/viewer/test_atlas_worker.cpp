// The viewer's atlas worker with a fake source: cached pictures are read, missing ones computed in
// batches off the calling thread, a share of 0 pauses it, the duty cycle limits it, and a new
// layer drops the old one's work.
#include <atomic>
#include <map>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "support/catch.h"
#include "viewer/atlas_worker.h"

using namespace livedream;
using namespace livedream::viewer;
using namespace std::chrono_literals;

namespace {

struct Calls {
  std::mutex mutex;
  std::vector<std::vector<int64_t>> batches;  // what compute() was asked, in order
  std::atomic<int> opens{0};
  std::thread::id compute_thread;
};

class FakeSource : public AtlasCellSource {
 public:
  FakeSource(Calls& calls, std::set<int64_t> cached, std::chrono::milliseconds compute_time)
      : calls_(calls), cached_(std::move(cached)), compute_time_(compute_time) {}
  void open(const std::string& model, const std::string&) override {
    ++calls_.opens;
    if (model == "missing.pt") throw std::runtime_error("model missing.pt not found");
  }
  std::optional<Image> cached(const std::string&, int64_t channel) override {
    if (!cached_.count(channel)) return std::nullopt;
    return picture(channel);
  }
  std::vector<Image> compute(const std::string&, const std::vector<int64_t>& channels) override {
    std::this_thread::sleep_for(compute_time_);
    std::lock_guard lock(calls_.mutex);
    calls_.batches.push_back(channels);
    calls_.compute_thread = std::this_thread::get_id();
    std::vector<Image> out;
    for (int64_t c : channels) out.push_back(picture(c));
    return out;
  }
  static Image picture(int64_t channel) {
    Image image;
    image.width = image.height = 2;
    image.rgb.assign(12, static_cast<uint8_t>(channel));
    return image;
  }

 private:
  Calls& calls_;
  std::set<int64_t> cached_;
  std::chrono::milliseconds compute_time_;
};

AtlasSourceFactory fake(Calls& calls, std::set<int64_t> cached, std::chrono::milliseconds compute_time = 1ms) {
  return [&calls, cached, compute_time] { return std::make_unique<FakeSource>(calls, cached, compute_time); };
}

template <typename Pred>
bool wait_for(Pred pred, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

}  // namespace

TEST_CASE("the atlas worker reads the cache, computes only what is missing, off the caller's thread") {
  Calls calls;
  AtlasWorker worker(fake(calls, {0, 2, 5}), 2);
  worker.want({"m.pt", "cpu", "inception_4c", 7});
  worker.set_compute(true, 1.0f);
  std::map<int64_t, Image> got;
  REQUIRE(wait_for([&] {
    for (auto& r : worker.take_ready()) got[r.channel] = r.picture;
    return got.size() == 7;
  }));
  for (const auto& [channel, picture] : got) CHECK(picture.rgb[0] == channel);
  std::set<int64_t> computed;
  for (const auto& batch : calls.batches) {
    CHECK(batch.size() <= 2);
    computed.insert(batch.begin(), batch.end());
  }
  CHECK(computed == std::set<int64_t>{1, 3, 4, 6});
  CHECK(calls.compute_thread != std::this_thread::get_id());
  CHECK(worker.status().ready == 7);
  CHECK(calls.opens == 1);
}

TEST_CASE("an atlas share of 0 pauses the computing, the cache is still read") {
  Calls calls;
  AtlasWorker worker(fake(calls, {1}), 2);
  worker.want({"m.pt", "cpu", "inception_4c", 6});
  worker.set_compute(true, 0.0f);
  REQUIRE(wait_for([&] { return worker.status().ready == 1; }));
  std::this_thread::sleep_for(200ms);
  CHECK(calls.batches.empty());
  worker.set_compute(true, 1.0f);
  CHECK(wait_for([&] { return worker.status().ready == 6; }));
}

TEST_CASE("the atlas duty cycle rests after each batch in proportion to the share") {
  Calls calls;
  AtlasWorker worker(fake(calls, {}, 40ms), 1);
  worker.want({"m.pt", "cpu", "inception_4c", 100});
  worker.set_compute(true, 0.2f);  // 40 ms of work, then 160 ms of rest
  std::this_thread::sleep_for(700ms);
  std::lock_guard lock(calls.mutex);
  // Without the rest it would have done about 17 batches by now; with it at most 4 (plus one
  // started at the edge). A slow machine only lowers the count.
  CHECK(calls.batches.size() >= 1);
  CHECK(calls.batches.size() <= 5);
}

TEST_CASE("a new layer drops the old one's pictures, and a model that fails is an error in the status") {
  Calls calls;
  AtlasWorker worker(fake(calls, {}, 20ms), 1);
  worker.want({"m.pt", "cpu", "inception_4c", 50});
  worker.set_compute(true, 1.0f);
  REQUIRE(wait_for([&] { return worker.status().ready >= 2; }));
  worker.want({"m.pt", "cpu", "inception_5b", 3});
  REQUIRE(wait_for([&] { return worker.status().ready == 3; }));
  std::set<int64_t> channels;
  for (const auto& r : worker.take_ready()) {
    CHECK(r.target.layer == "inception_5b");
    channels.insert(r.channel);
  }
  CHECK(channels == std::set<int64_t>{0, 1, 2});
  CHECK(calls.opens == 1);  // the same model: opened once

  worker.want({"missing.pt", "cpu", "inception_4c", 4});
  REQUIRE(wait_for([&] { return !worker.status().error.empty(); }));
  CHECK(worker.status().error.find("missing.pt") != std::string::npos);
}
