#include "app/bench/statistics.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace livedream::app::bench {
namespace {

// Linear interpolation between the closest ranks of a sorted, non-empty sample.
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace

Stats stats_of(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median = quantile(v, 0.5);
  s.min = v.front();
  s.max = v.back();
  s.p10 = quantile(v, 0.1);
  s.p90 = quantile(v, 0.9);
  std::vector<double> dev;
  for (double x : v) dev.push_back(std::abs(x - s.median));
  std::sort(dev.begin(), dev.end());
  s.mad = quantile(dev, 0.5);
  return s;
}

nlohmann::json stats_json(const Stats& s) {
  return {{"median_ms", s.median}, {"min_ms", s.min}, {"max_ms", s.max}, {"p10_ms", s.p10}, {"p90_ms", s.p90}, {"mad_ms", s.mad}};
}

}  // namespace livedream::app::bench
