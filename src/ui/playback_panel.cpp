#include <imgui.h>

#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void PlaybackPanel::draw(DreamParams& params, ViewerUiState& state, UiRequests& requests) {
  // Always visible at the top: the controls used most.
  const float third = 1.0f / 3.0f;
  if (state.paused) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.33f, 0.12f, 1.0f));
  if (wide_button(state.paused ? "Resume" : "Pause", third)) requests.toggle_pause = true;
  if (state.paused) ImGui::PopStyleColor();
  item_tooltip("Space");
  midi_learn_menu("/livedream/pause", state, requests);
  ImGui::SameLine();
  if (wide_button("Step", 0.5f)) requests.single_step = true;
  item_tooltip("S: one step (pauses first)");
  midi_learn_menu("/livedream/step", state, requests);
  ImGui::SameLine();
  if (wide_button("Reset")) requests.reset = true;
  item_tooltip("R: back to the source image");
  midi_learn_menu("/livedream/reset", state, requests);

  if (wide_button("Screenshot", third)) requests.screenshot = true;
  item_tooltip("F12: the dream at full resolution, as PNG (every parameter inside) + JSON, in the captures folder");
  midi_learn_menu("/livedream/screenshot", state, requests);
  ImGui::SameLine();
  if (wide_button("Window", 0.5f)) requests.screenshot_window = true;
  item_tooltip("Shift+F12: the whole window, panels included");
  ImGui::SameLine();
  if (state.recording) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.70f, 0.16f, 0.20f, 1.0f));
  if (wide_button(state.recording ? "Stop recording" : "Record")) requests.toggle_recording = true;
  if (state.recording) ImGui::PopStyleColor();
  item_tooltip("F9: one video frame per engine step, in the captures folder");
  midi_learn_menu("/livedream/record", state, requests);
}

void PlaybackPanel::draw_scheduling(ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Scheduling", ImGuiTreeNodeFlags_DefaultOpen)) return;
  int schedule = state.lockstep ? 0 : 1;
  if (ImGui::RadioButton("Lockstep", &schedule, 0)) {
    state.lockstep = true;
    requests.schedule_changed = true;
  }
  item_tooltip("One step per rendered frame (best on a GPU)");
  ImGui::SameLine();
  if (ImGui::RadioButton("Async", &schedule, 1)) {
    state.lockstep = false;
    requests.schedule_changed = true;
  }
  item_tooltip("Steps on a worker thread; the window stays at display rate (best on a CPU)");
  if (ImGui::Checkbox("Dynamic resolution", &state.dynamic_resolution)) requests.dynamic_changed = true;
  item_tooltip("Lowers or raises the resolution (up to the Resolution setting) to hold the target step rate");
  ImGui::BeginDisabled(!state.dynamic_resolution);
  row_label("Target");
  if (slider_committed(ImGui::SliderFloat("##target_rate", &state.target_steps_per_s, 1.0f, 60.0f, "%.0f steps/s")))
    requests.dynamic_changed = true;
  ImGui::EndDisabled();
}

}  // namespace livedream::ui
