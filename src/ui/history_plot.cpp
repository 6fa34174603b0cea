#include "ui/history_plot.h"

#include <imgui.h>
#include <implot.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace livedream::ui {

HistorySpread spread_of(std::span<const float> values) {
  if (values.empty()) return {};
  std::vector<float> sorted(values.begin(), values.end());  // a few hundred values, once a frame
  std::sort(sorted.begin(), sorted.end());
  auto rank = [&](double p) { return sorted[static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5)]; };
  return {rank(0.50), rank(0.99)};
}

int draw_history_plot(const HistoryPlot& plot, std::span<const float> values) {
  if (values.empty()) return -1;
  char title[128];
  std::snprintf(title, sizeof title, "%s: %.3g %s##%s", plot.title, static_cast<double>(values.back()), plot.unit, plot.title);
  const ImPlotFlags flags = ImPlotFlags_NoMenus | ImPlotFlags_NoBoxSelect;
  if (!ImPlot::BeginPlot(title, ImVec2(-1, ImGui::GetFontSize() * 9.0f), flags)) return -1;
  ImPlot::SetupAxes(plot.x_label, plot.unit, ImPlotAxisFlags_AutoFit, ImPlotAxisFlags_AutoFit);
  ImPlot::SetupLegend(ImPlotLocation_NorthWest);
  const int n = static_cast<int>(values.size());
  // x from -(n-1) to 0: how many entries ago, so the newest is always at the right edge.
  ImPlot::PlotLine(plot.title, values.data(), n, 1.0, static_cast<double>(1 - n), ImPlotSpec(ImPlotProp_Flags, ImPlotItemFlags_NoLegend));
  if (plot.percentiles) {
    const HistorySpread spread = spread_of(values);
    char p50[48], p99[48];
    std::snprintf(p50, sizeof p50, "p50 %.3g %s", static_cast<double>(spread.p50), plot.unit);
    std::snprintf(p99, sizeof p99, "p99 %.3g %s", static_cast<double>(spread.p99), plot.unit);
    // The same colours in every plot: the median green, the tail orange.
    ImPlot::PlotInfLines(p50, &spread.p50, 1,
                         ImPlotSpec(ImPlotProp_LineColor, IM_COL32(110, 200, 120, 255), ImPlotProp_Flags, ImPlotInfLinesFlags_Horizontal));
    ImPlot::PlotInfLines(p99, &spread.p99, 1,
                         ImPlotSpec(ImPlotProp_LineColor, IM_COL32(255, 160, 70, 255), ImPlotProp_Flags, ImPlotInfLinesFlags_Horizontal));
  }
  // The value under the mouse, read off the curve (ImPlot shows the mouse's coordinates; this is
  // the history's own entry there).
  int hovered = -1;
  if (ImPlot::IsPlotHovered()) {
    hovered = std::clamp(static_cast<int>(ImPlot::GetPlotMousePos().x + static_cast<double>(n - 1) + 0.5), 0, n - 1);
    ImGui::SetTooltip("%d %s ago: %.3g %s", n - 1 - hovered, plot.x_label, static_cast<double>(values[static_cast<size_t>(hovered)]),
                      plot.unit);
  }
  ImPlot::EndPlot();
  return hovered;
}

}  // namespace livedream::ui
