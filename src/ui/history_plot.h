// The Performance panel's curves, drawn with ImPlot: a recent history with axes, the value under the
// mouse, and for timings its median and 99th percentile as lines across the plot.
#pragma once
#include <span>

namespace livedream::ui {

// The median and the 99th percentile of a history (nearest rank on the sorted values; 0, 0 when empty).
struct HistorySpread {
  float p50 = 0, p99 = 0;
};
HistorySpread spread_of(std::span<const float> values);

struct HistoryPlot {
  const char* title;         // shown over the plot, with the newest value
  const char* unit;          // "ms", "" ...
  const char* x_label;       // what one step of the history is: "steps", "frames", "uploads"
  bool percentiles = false;  // draw p50 and p99 lines (timings)
};

// Draws `values` (oldest first) as a line over -n+1 .. 0 (0: the newest), the full panel width,
// and returns the index of the entry under the mouse (shown in a tooltip), -1 when not hovered.
// Nothing when the history is empty.
int draw_history_plot(const HistoryPlot& plot, std::span<const float> values);

}  // namespace livedream::ui
