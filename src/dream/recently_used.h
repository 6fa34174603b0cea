// A map that keeps only its most recently used entries. The CUDA graph cache uses it: dynamic
// resolution walks image sizes in 16-px steps, and every captured graph holds its own memory pool,
// so keeping every shape ever seen would grow device memory without bound.
#pragma once
#include <cstddef>
#include <iterator>
#include <list>
#include <map>
#include <utility>

namespace livedream::dream {

template <typename Key, typename Value>
class RecentlyUsed {
 public:
  explicit RecentlyUsed(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // The entry for `key` (default-constructed when missing), now the most recently used; entries
  // beyond the capacity go, least recently used first (never the one returned).
  Value& touch(const Key& key) {
    if (auto found = index_.find(key); found != index_.end()) {
      items_.splice(items_.begin(), items_, found->second);
      return found->second->second;
    }
    items_.emplace_front(key, Value{});
    index_[key] = items_.begin();
    while (items_.size() > capacity_) {
      index_.erase(items_.back().first);
      items_.pop_back();
    }
    return items_.front().second;
  }

  bool contains(const Key& key) const { return index_.count(key) != 0; }
  size_t size() const { return items_.size(); }
  size_t capacity() const { return capacity_; }
  void clear() {
    index_.clear();
    items_.clear();
  }

 private:
  size_t capacity_;
  std::list<std::pair<Key, Value>> items_;  // most recently used first
  std::map<Key, typename std::list<std::pair<Key, Value>>::iterator> index_;
};

}  // namespace livedream::dream
