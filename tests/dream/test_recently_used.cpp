// The CUDA graph cache's bound (dream/recently_used.h): a walk over many shapes keeps only the
// most recently used ones, and using an entry keeps it.
#include <string>
#include <vector>

#include "dream/recently_used.h"
#include "support/catch.h"

using livedream::dream::RecentlyUsed;

TEST_CASE("recently used: a walk over more shapes than the capacity keeps the newest, oldest go first") {
  RecentlyUsed<std::vector<int64_t>, std::string> cache(3);
  for (int64_t side = 256; side <= 512; side += 16) cache.touch({1, 3, side, side}) = "graph " + std::to_string(side);
  CHECK(cache.size() == 3);
  CHECK(cache.contains({1, 3, 512, 512}));
  CHECK(cache.contains({1, 3, 496, 496}));
  CHECK(cache.contains({1, 3, 480, 480}));
  CHECK_FALSE(cache.contains({1, 3, 464, 464}));
  CHECK_FALSE(cache.contains({1, 3, 256, 256}));
}

TEST_CASE("recently used: touching an entry keeps it and its value, and the least recently used goes") {
  RecentlyUsed<int, int> cache(2);
  cache.touch(1) = 10;
  cache.touch(2) = 20;
  CHECK(cache.touch(1) == 10);  // 1 is now the most recent
  cache.touch(3) = 30;          // evicts 2, not 1
  CHECK(cache.contains(1));
  CHECK_FALSE(cache.contains(2));
  CHECK(cache.touch(3) == 30);
  CHECK(cache.touch(2) == 0);  // back, as a new entry
  CHECK(cache.size() == 2);
  cache.clear();
  CHECK(cache.size() == 0);
}
