#include "app/bench/bench_report.h"
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

namespace livedream::app::bench {
namespace {

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

void print_machine(const nlohmann::json& m) {
  std::cout << "machine: " << m["cpu"].get<std::string>() << ", " << m["cores"] << " cores; threads " << m["threads"] << " (interop "
            << m["interop_threads"] << "); LibTorch " << m["libtorch"].get<std::string>() << ", oneDNN " << m["onednn"].get<std::string>()
            << "; livedream " << m["livedream"].get<std::string>() << "; device " << m["device"].get<std::string>() << "; load average "
            << fixed(m["load_average"].get<double>(), 2) << "\n";
}

void print_cases(const nlohmann::json& cases) {
  std::printf("%-24s %-13s %9s %-8s %6s %8s %9s %9s %15s %7s %7s %6s %6s %6s %8s\n", "model", "layer", "size", "dtype", "graphs", "steps/s",
              "pipelined", "median ms", "min..max ms", "fwd", "bwd", "upd", "other", "frame", "peak MiB");
  for (const auto& r : cases) {
    const auto& s = r["step"];
    const std::string range = fixed(s["min_ms"].get<double>(), 1) + ".." + fixed(s["max_ms"].get<double>(), 1);
    const std::string size = std::to_string(r["width"].get<int>()) + "x" + std::to_string(r["height"].get<int>());
    std::printf("%-24s %-13s %9s %-8s %6s %8.2f %9.2f %9.1f %15s %7.1f %7.1f %6.1f %6.1f %6.1f %8.0f\n",
                r["model"].get<std::string>().c_str(), r["layer"].get<std::string>().c_str(), size.c_str(),
                r["dtype"].get<std::string>().c_str(), r["cuda_graphs"].get<bool>() ? "on" : "off", r["steps_per_s"].get<double>(),
                r["pipelined_steps_per_s"].get<double>(), s["median_ms"].get<double>(), range.c_str(), r["forward_ms"].get<double>(),
                r["backward_ms"].get<double>(), r["update_ms"].get<double>(), r["other_ms"].get<double>(),
                r["frame_rgba8_ms"].get<double>(), r["peak_rss_mib"].get<double>());
  }
}

void print_cases_legend() {
  std::cout << "steps/s from the median step (a sync per phase on a GPU: latency); pipelined: steps/s of steps back to "
               "back with one sync at the end (throughput); graphs: CUDA graphs; fwd/bwd/upd/other: median ms; frame: dream -> RGBA8 ms; "
               "peak: RSS "
               "high-water mark during the case\n";
}

void print_memory_check(const nlohmann::json& m) {
  std::cout << "memory check: " << m["steps"] << " steps of " << m["model"].get<std::string>() << " " << m["layer"].get<std::string>()
            << " at " << m["size"] << " px (" << m["settings"].get<std::string>() << ") in " << fixed(m["seconds"].get<double>(), 1)
            << " s: RSS " << fixed(m["rss_mib"].front().get<double>(), 1) << " -> " << fixed(m["rss_mib"].back().get<double>(), 1)
            << " MiB (second half " << fixed(m["rss_growth_second_half_mib"].get<double>(), 2) << "), heap in use "
            << fixed(m["heap_in_use_mib"].front().get<double>(), 2) << " -> " << fixed(m["heap_in_use_mib"].back().get<double>(), 2)
            << " MiB (second half " << fixed(m["heap_growth_second_half_mib"].get<double>(), 3) << ")\n";
}

void print_big(const nlohmann::json& b) {
  std::cout << "big: " << b["model"].get<std::string>() << " " << b["layer"].get<std::string>() << " " << b["width"] << "x" << b["height"]
            << " tiled " << b["tile"] << ", " << b["dtype"].get<std::string>() << ": " << fixed(b["step"]["median_ms"].get<double>(), 0)
            << " ms a step, peak RSS " << fixed(b["peak_rss_mib"].get<double>(), 0) << " MiB\n";
}

}  // namespace livedream::app::bench
