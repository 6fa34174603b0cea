// The last few hundred values of something measured every frame (upload time, skipped video
// frames), oldest first, for the Performance panel's plots.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace livedream::viewer {

class RecentHistory {
 public:
  explicit RecentHistory(size_t capacity = 240) : capacity_(capacity) { values_.reserve(capacity); }
  void push(float value) {
    if (values_.size() == capacity_) values_.erase(values_.begin());  // a few hundred floats: a memmove
    values_.push_back(value);
  }
  std::span<const float> values() const { return values_; }
  void clear() { values_.clear(); }

 private:
  size_t capacity_;
  std::vector<float> values_;
};

}  // namespace livedream::viewer
