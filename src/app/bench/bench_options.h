// What `livedream bench` was asked to measure (its command-line options, see command_bench.cpp).
#pragma once
#include <string>
#include <vector>

namespace livedream::app::bench {

// A picture size: N (square) or WxH on the command line.
struct BenchSize {
  int width = 0, height = 0;
};

struct BenchOptions {
  std::vector<std::string> cases;  // FILE:LAYER
  std::string models_dir, image;
  std::vector<BenchSize> sizes = {{224, 224}, {512, 512}, {1024, 1024}};
  std::vector<bool> graphs = {false};  // CUDA graphs off and/or on (LIVEDREAM_CUDA_GRAPHS), each a case
  std::vector<std::string> dtypes = {"float32"};
  std::string device = "cpu";
  int threads = 0;  // 0: LibTorch's default
  int warmup = 3, reps = 10, tile = 0, jitter = 0;
  int pipelined = 0;  // 0: as many as --reps; steps timed back to back with one sync at the end
  int memory_check = 0, memory_size = 128;
  int big = 0;
  bool json = false;
};

}  // namespace livedream::app::bench
