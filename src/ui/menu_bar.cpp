#include "ui/menu_bar.h"

#include <imgui.h>

#include <cstdio>

#include "ui/theme.h"

namespace livedream::ui {

float draw_menu_bar(ViewerUiState& state, UiRequests& r, bool help_open) {
  float height = 0.0f;
  if (!ImGui::BeginMainMenuBar()) return height;
  height = ImGui::GetWindowHeight();
  ImGui::TextColored(accent_color(), "livedream");
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Built-in clouds image")) r.default_image = true;
    if (ImGui::MenuItem("Screenshot", "F12")) r.screenshot = true;
    if (ImGui::MenuItem("Screenshot of the window", "Shift+F12")) r.screenshot_window = true;
    if (ImGui::MenuItem(state.recording ? "Stop recording" : "Record", "F9")) r.toggle_recording = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Esc")) r.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Hide panels", "Tab")) r.toggle_ui = true;
    if (ImGui::MenuItem("Fullscreen", "F11", state.fullscreen)) r.toggle_fullscreen = true;
    if (ImGui::MenuItem("Output window", nullptr, state.output_open)) r.toggle_output_window = true;
    if (ImGui::MenuItem("Reset layout")) r.reset_layout = true;
    if (ImGui::MenuItem("Larger text", "Ctrl +")) r.ui_scale_steps += 1;
    if (ImGui::MenuItem("Smaller text", "Ctrl -")) r.ui_scale_steps -= 1;
    if (state.view) {
      ImGui::Separator();
      if (ImGui::MenuItem("Fit to window", nullptr, !state.view->actual_size)) {
        state.view->actual_size = false;
        r.reset_view = true;
      }
      if (ImGui::MenuItem("Actual size (1:1)", nullptr, state.view->actual_size)) {
        state.view->actual_size = true;
        r.reset_view = true;
      }
      ImGui::MenuItem("Smooth (linear) filtering", nullptr, &state.view->linear);
      if (ImGui::MenuItem("Reset zoom and pan", "double-click")) r.reset_view = true;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Dream")) {
    if (ImGui::MenuItem(state.paused ? "Resume" : "Pause", "Space")) r.toggle_pause = true;
    if (ImGui::MenuItem("Step", "S")) r.single_step = true;
    if (ImGui::MenuItem("Reset to source", "R")) r.reset = true;
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Help", "H", help_open)) r.toggle_help = true;

  // Status on the right: state, rate, resolution, upload path.
  char status[192];
  const StatsView& s = state.stats;
  const char* what = state.model.loading ? "loading model" : state.paused ? "paused" : "dreaming";
  // The rate only while dreaming: paused or loading, the last rate measured would be stale.
  char rate[32] = "";
  if (!state.paused && !state.model.loading) std::snprintf(rate, sizeof rate, "  |  %.1f steps/s", s.steps_per_s);
  std::snprintf(status, sizeof status, "%s%s  |  %dx%d  |  %s  |  %s", what, rate, s.width, s.height,
                s.device.empty() ? "-" : s.device.c_str(), s.upload_path.c_str());
  const float w = ImGui::CalcTextSize(status).x + ImGui::GetStyle().ItemSpacing.x * 2;
  const float x = ImGui::GetWindowWidth() - w;
  if (x > ImGui::GetCursorPosX()) {
    ImGui::SetCursorPosX(x);
    ImGui::TextColored(state.paused || state.model.loading ? warning_color() : dim_text_color(), "%s", status);
  }
  ImGui::EndMainMenuBar();
  return height;
}

}  // namespace livedream::ui
