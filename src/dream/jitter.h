// Random roll offsets for jitter and for moving tile seams (and the robust transforms' draws). A generator of our own, seeded from
// the dream's seed, so a seed reproduces a dream; torch's global RNG is shared with everything
// else in the process and would not.
#pragma once
#include <cstdint>
#include <random>

namespace livedream::dream {

struct RollShift {
  int64_t dy = 0, dx = 0;
  bool none() const { return dy == 0 && dx == 0; }
};

class RollJitter {
 public:
  explicit RollJitter(uint64_t seed = 0) : rng_(seed) {}
  void reseed(uint64_t seed) { rng_.seed(seed); }

  // Uniform offsets in [-max_shift, max_shift] on each axis; no draw when max_shift is 0.
  // Modulo rather than std::uniform_int_distribution: the latter differs between standard
  // libraries, and a seed should give the same dream everywhere.
  RollShift next(int64_t max_shift) {
    if (max_shift <= 0) return {};
    const uint64_t span = static_cast<uint64_t>(2 * max_shift + 1);
    const int64_t dy = static_cast<int64_t>(rng_() % span) - max_shift;
    const int64_t dx = static_cast<int64_t>(rng_() % span) - max_shift;
    return {dy, dx};
  }

  // A uniform draw from 0..count-1 (count > 0), the same way (modulo) for the same reason.
  uint64_t pick(uint64_t count) { return rng_() % count; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace livedream::dream
