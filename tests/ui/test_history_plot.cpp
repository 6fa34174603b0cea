// The Performance panel's plots: the percentiles they mark, and the value under the mouse.
#include <imgui.h>
#include <implot.h>
#include <implot_internal.h>

#include <catch2/catch.hpp>
#include <numeric>
#include <vector>

#include "support/headless_imgui.h"
#include "ui/history_plot.h"

using namespace livedream;
using namespace livedream::ui;

TEST_CASE("a history's p50 and p99 are the nearest ranks of its sorted values, 0 when empty") {
  std::vector<float> values(100);
  std::iota(values.begin(), values.end(), 1.0f);  // 1..100
  std::reverse(values.begin(), values.end());     // the order does not matter
  const HistorySpread spread = spread_of(values);
  CHECK(spread.p50 == 51.0f);  // rank 0.5 * 99 rounded: the 51st
  CHECK(spread.p99 == 99.0f);
  const float one[] = {7.5f};
  CHECK(spread_of(one).p50 == 7.5f);
  CHECK(spread_of(one).p99 == 7.5f);
  CHECK(spread_of({}).p50 == 0.0f);
  values.front() = 5000.0f;  // one spike instead of the 100: the median and p99 stay
  CHECK(spread_of(values).p50 == 51.0f);
  CHECK(spread_of(values).p99 == 99.0f);
}

TEST_CASE("a history plot has its axes and says which entry is under the mouse: the newest at the right edge") {
  test::HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  std::vector<float> values(50);
  std::iota(values.begin(), values.end(), 10.0f);  // 10..59, newest last
  int hovered = -2;
  ImGuiID plot_id = 0;
  auto frame = [&] {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(500, 400));
    ImGui::Begin("plots");
    plot_id = ImGui::GetID("Step time: 59 ms##Step time");  // the plot's title, as the plot hashes it
    hovered = draw_history_plot({"Step time", "ms", "steps", true}, values);
    ImGui::End();
    ImGui::Render();
  };
  io.MousePos = ImVec2(-100, -100);
  frame();
  frame();
  CHECK(hovered == -1);  // not hovered
  ImPlotPlot* plot = ImPlot::GetCurrentContext()->Plots.GetByKey(plot_id);
  REQUIRE(plot != nullptr);
  const ImRect area = plot->PlotRect;  // inside the axes
  REQUIRE(area.GetWidth() > 300);
  REQUIRE(area.GetHeight() > 40);
  // Auto-fitted: the x axis spans the history (-49 .. 0), the y axis its values.
  CHECK(plot->Axes[ImAxis_X1].Range.Min <= -49.0);
  CHECK(plot->Axes[ImAxis_X1].Range.Max >= 0.0);
  CHECK(plot->Axes[ImAxis_Y1].Range.Min <= 10.0);
  CHECK(plot->Axes[ImAxis_Y1].Range.Max >= 59.0);
  io.MousePos = ImVec2(area.Max.x - 2, area.GetCenter().y);
  frame();
  frame();
  CHECK(hovered == 49);  // the newest
  io.MousePos = ImVec2(area.Min.x + 2, area.GetCenter().y);
  frame();
  frame();
  CHECK(hovered == 0);                                                // the oldest
  CHECK(draw_history_plot({"empty", "", "steps", false}, {}) == -1);  // outside a frame: draws nothing at all
}
