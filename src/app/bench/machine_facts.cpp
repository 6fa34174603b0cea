#include "app/bench/machine_facts.h"
#include <nlohmann/json.hpp>

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace livedream::app::bench {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

// From LibTorch's build configuration: the oneDNN that runs the CPU convolutions.
std::string onednn_version() {
  std::istringstream config(at::show_config());
  std::string line;
  while (std::getline(config, line))
    if (line.find("MKL-DNN") != std::string::npos || line.find("oneDNN") != std::string::npos) {
      const auto v = line.find(" v");
      if (v != std::string::npos) return line.substr(v + 2, line.find(' ', v + 2) - v - 2);
    }
  return "";
}

// Over the last minute; a busy machine explains slow numbers.
double load_average() {
  double load[1] = {-1};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

}  // namespace

nlohmann::json machine_json(const std::string& device) {
  nlohmann::json m;
  m["cpu"] = cpu_model();
  m["cores"] = std::thread::hardware_concurrency();
  m["threads"] = at::get_num_threads();
  m["interop_threads"] = at::get_num_interop_threads();
  m["libtorch"] = TORCH_VERSION;
  m["onednn"] = onednn_version();
  m["livedream"] = LIVEDREAM_VERSION;
#ifdef __VERSION__
  m["compiler"] = __VERSION__;
#endif
  m["device"] = device;
  m["load_average"] = load_average();
  return m;
}

}  // namespace livedream::app::bench
