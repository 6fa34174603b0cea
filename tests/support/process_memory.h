// The resident memory of a process (/proc/PID/status VmRSS), for the tests and the soak runs
// that watch memory: one reader for all of them.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>

namespace livedream::test {

// In KiB; `pid` < 0: this process. 0 when the process is gone (or /proc is not there).
inline int64_t rss_kib(int pid = -1) {
  std::ifstream in(pid < 0 ? std::string("/proc/self/status") : "/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      int64_t kib = 0;
      in >> kib;
      return kib;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

}  // namespace livedream::test
