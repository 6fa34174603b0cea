// The viewer's channel atlas: a worker thread that finds the current layer's channel pictures in
// the cache and computes the missing ones, in small batches, on a model instance of its own, never
// on the render thread. How much it may slow the dream is the user's: a duty cycle (the share of
// the time it computes), 0 pausing it.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/image.h"

namespace livedream::viewer {

// What reads and computes the pictures (app/atlas_cell_source.cpp puts the atlas module behind it,
// so the viewer sees no LibTorch). All calls come from the worker thread.
class AtlasCellSource {
 public:
  virtual ~AtlasCellSource() = default;
  // Loads the model (its own instance); throws livedream::Error when it cannot.
  virtual void open(const std::string& model, const std::string& device) = 0;
  virtual std::optional<Image> cached(const std::string& layer, int64_t channel) = 0;
  // Computes and caches the pictures of `channels`, one batch.
  virtual std::vector<Image> compute(const std::string& layer, const std::vector<int64_t>& channels) = 0;
};
using AtlasSourceFactory = std::function<std::unique_ptr<AtlasCellSource>()>;

struct AtlasTarget {
  std::string model, device, layer;
  int64_t channels = 0;
  bool operator==(const AtlasTarget&) const = default;
};

struct AtlasStatus {
  int64_t ready = 0, total = 0;  // pictures found or computed for the current target
  bool computing = false;        // a batch is being computed now
  std::string error;             // the last failure (model or layer), empty when none
};

class AtlasWorker {
 public:
  // `batch`: channels per computed batch; small, so a batch is short and the duty cycle fine-grained.
  explicit AtlasWorker(AtlasSourceFactory factory, int batch = 4);
  ~AtlasWorker();  // stops after the batch in progress
  AtlasWorker(const AtlasWorker&) = delete;
  AtlasWorker& operator=(const AtlasWorker&) = delete;

  // The atlas wanted now; a different one drops the old one's pending work. Cheap when unchanged.
  void want(const AtlasTarget& target);
  // Whether missing pictures are computed (cached ones are read either way), and the share of the
  // time the computing may take, 0..1 (0: paused): after a batch that took t seconds the worker
  // rests t * (1 - share) / share.
  void set_compute(bool compute, float share);

  struct Ready {
    AtlasTarget target;
    int64_t channel = 0;
    Image picture;
  };
  // The pictures that became ready since the last call (the render thread uploads them).
  std::vector<Ready> take_ready();
  AtlasStatus status() const;

 private:
  void run();
  bool wanted_changed(uint64_t serial) const;

  AtlasSourceFactory factory_;
  int batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  AtlasTarget target_;
  uint64_t serial_ = 0;  // bumps with every new target
  bool compute_ = false;
  float share_ = 0.25f;
  bool stop_ = false;
  std::vector<Ready> ready_;
  AtlasStatus status_;
  std::thread thread_;  // last: starts after everything it reads
};

}  // namespace livedream::viewer
