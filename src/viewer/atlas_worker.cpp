#include "viewer/atlas_worker.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace livedream::viewer {

AtlasWorker::AtlasWorker(AtlasSourceFactory factory, int batch)
    : factory_(std::move(factory)), batch_(std::max(1, batch)), thread_([this] { run(); }) {}

AtlasWorker::~AtlasWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AtlasWorker::want(const AtlasTarget& target) {
  {
    std::lock_guard lock(mutex_);
    if (target == target_) return;
    target_ = target;
    ++serial_;
    ready_.clear();  // pictures of the old target nobody took
    status_ = {};
    status_.total = target.channels;
  }
  wake_.notify_all();
}

void AtlasWorker::set_compute(bool compute, float share) {
  {
    std::lock_guard lock(mutex_);
    share = std::clamp(share, 0.0f, 1.0f);
    if (compute == compute_ && share == share_) return;
    compute_ = compute;
    share_ = share;
  }
  wake_.notify_all();
}

std::vector<AtlasWorker::Ready> AtlasWorker::take_ready() {
  std::lock_guard lock(mutex_);
  std::vector<Ready> out;
  out.swap(ready_);
  return out;
}

AtlasStatus AtlasWorker::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool AtlasWorker::wanted_changed(uint64_t serial) const {
  std::lock_guard lock(mutex_);
  return stop_ || serial != serial_;
}

void AtlasWorker::run() {
  std::unique_ptr<AtlasCellSource> source;
  std::string opened_model, opened_device;
  uint64_t handled = 0;  // the serial whose cache scan is done
  AtlasTarget target;
  std::vector<int64_t> missing;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock,
               [&] { return stop_ || serial_ != handled || (compute_ && share_ > 0.0f && !missing.empty() && status_.error.empty()); });
    if (stop_) return;
    const uint64_t serial = serial_;

    if (serial != handled) {  // a new target: open its model, then read what the cache has
      target = target_;
      missing.clear();
      lock.unlock();
      std::string error;
      try {
        if (!target.layer.empty() && target.channels > 0) {
          if (!source || target.model != opened_model || target.device != opened_device) {
            source.reset();
            source = factory_();
            source->open(target.model, target.device);
            opened_model = target.model;
            opened_device = target.device;
          }
          for (int64_t c = 0; c < target.channels && !wanted_changed(serial); ++c) {
            if (auto picture = source->cached(target.layer, c)) {
              std::lock_guard add(mutex_);
              if (serial != serial_) break;
              ready_.push_back({target, c, std::move(*picture)});
              ++status_.ready;
            } else {
              missing.push_back(c);
            }
          }
        }
      } catch (const std::exception& e) {
        source.reset();
        opened_model.clear();
        error = e.what();
      }
      lock.lock();
      if (serial == serial_) status_.error = error;
      handled = serial;
      continue;
    }

    // Compute one batch of missing pictures, then rest so that computing takes `share` of the time.
    const size_t count = std::min(missing.size(), static_cast<size_t>(batch_));
    const std::vector<int64_t> channels(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(count));
    missing.erase(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(count));
    status_.computing = true;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    std::vector<Image> pictures;
    std::string error;
    try {
      pictures = source->compute(target.layer, channels);
    } catch (const std::exception& e) {
      error = e.what();
    }
    const auto took = std::chrono::steady_clock::now() - start;
    lock.lock();
    status_.computing = false;
    if (serial != serial_) continue;  // the layer changed meanwhile: these pictures are not wanted
    if (!error.empty()) {
      status_.error = error;
      continue;
    }
    for (size_t i = 0; i < pictures.size() && i < channels.size(); ++i) {
      ready_.push_back({target, channels[i], std::move(pictures[i])});
      ++status_.ready;
    }
    const float share = share_;
    if (share > 0.0f && share < 1.0f) {
      const auto rest = std::chrono::duration_cast<std::chrono::steady_clock::duration>(took * ((1.0 - share) / share));
      wake_.wait_for(lock, rest, [&] { return stop_ || serial_ != serial; });
    }
  }
}

}  // namespace livedream::viewer
