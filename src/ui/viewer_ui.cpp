#include "ui/viewer_ui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/dream_area.h"
#include "ui/keymap.h"
#include "ui/menu_bar.h"
#include "ui/recording_indicator.h"

namespace livedream::ui {

render::PixelRect ViewerUi::draw(DreamParams& params, ViewerUiState& state, UiRequests& requests) {
  for (KeyAction action : poll_key_actions()) {
    if (action == KeyAction::Quit && help_open) {
      help_open = false;  // Esc closes the help first
      continue;
    }
    if (action == KeyAction::Quit && !quit_confirm_.quit_requested(state)) continue;  // asks first
    apply_key_action(action, requests);
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  render::PixelRect area{vp->Pos.x, vp->Pos.y, vp->Size.x, vp->Size.y};
  if (panels_visible) {
    const float bar = draw_menu_bar(state, requests, help_open);
    const float font = ImGui::GetFontSize();
    const float min_width = font * 16.0f, max_width = std::max(min_width, vp->Size.x * 0.6f);
    const float shown = std::clamp(panel_width > 0 ? panel_width : font * 25.0f, min_width, max_width);
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + bar), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(shown, vp->Size.y - bar), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(min_width, vp->Size.y - bar), ImVec2(max_width, vp->Size.y - bar));
    // Its width lives in panel_width (settings.json), not in imgui.ini: see viewer_ui.h.
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
    float width = 0.0f;
    if (ImGui::Begin("Controls", nullptr, flags)) {
      playback_.draw(params, state, requests);
      ImGui::Spacing();
      if (ImGui::BeginTabBar("sections")) {
        if (ImGui::BeginTabItem("Dream")) {
          layers_.draw(params, state, requests);
          step_.draw(params, state, requests);
          octaves_.draw(params, state, requests);
          transform_.draw(params, state, requests);
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Input")) {
          model_.draw(params, state, requests);
          image_.draw(params, state, requests);
          video_.draw(params, state, requests);
          guide_.draw(params, state, requests);
          presets_.draw(params, state, requests);
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Performance")) {
          stats_.draw(state);
          playback_.draw_scheduling(state, requests);
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      }
    }
    width = ImGui::GetWindowWidth();
    if (std::abs(width - shown) > 0.5f) panel_width = width;  // the user dragged its edge
    ImGui::End();
    area = {vp->Pos.x + width, vp->Pos.y + bar, std::max(0.0f, vp->Size.x - width), std::max(0.0f, vp->Size.y - bar)};
  }
  // The neuron points' markers: under every window (the help, a menu), and not at all when Tab
  // hides the panels (the window may be on a projector).
  if (panels_visible && state.view)
    draw_point_markers(params.layers, to_framebuffer(area), state.stats.width, state.stats.height, *state.view);
  if (requests.toggle_help) help_open = !help_open;
  draw_help_overlay(&help_open);
  indicator_rect_ = draw_recording_indicator(state.recording_info, area.x, area.y, area.w, area.h);
  toasts_.draw(area.x, area.y, area.w, area.h);
  quit_confirm_.draw(state, requests);
  return area;
}

}  // namespace livedream::ui
