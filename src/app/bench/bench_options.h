// What `livedream bench` was asked to measure (its command-line options, see command_bench.cpp).
#pragma once
#include <string>
#include <vector>

namespace livedream::app::bench {

struct BenchOptions {
  std::vector<std::string> cases;  // FILE:LAYER
  std::string models_dir, image;
  std::vector<int> sizes = {224, 512, 1024};
  std::vector<std::string> dtypes = {"float32"};
  std::string device = "cpu";
  int threads = 0;  // 0: LibTorch's default
  int warmup = 3, reps = 10, tile = 0, jitter = 0;
  int memory_check = 0, memory_size = 128;
  int big = 0;
  bool json = false;
};

}  // namespace livedream::app::bench
