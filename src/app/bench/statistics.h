// The spread of repeated timings: median, extremes, 10th/90th percentiles and the median absolute
// deviation, which a few slow outliers (a page fault, another process) barely move.
#pragma once
#include <nlohmann/json_fwd.hpp>  // declarations only: the .cpp files include json.hpp

#include <vector>

namespace livedream::app::bench {

struct Stats {
  double median = 0, min = 0, max = 0, p10 = 0, p90 = 0, mad = 0;
};

// All zero for no samples.
Stats stats_of(std::vector<double> samples);

// {"median_ms", "min_ms", "max_ms", "p10_ms", "p90_ms", "mad_ms"}: the samples are milliseconds.
nlohmann::json stats_json(const Stats& stats);

}  // namespace livedream::app::bench
