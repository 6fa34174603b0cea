#include "ui/viewer_ui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/dock_layout.h"
#include "ui/dream_area.h"
#include "ui/keymap.h"
#include "ui/menu_bar.h"
#include "ui/recording_indicator.h"

namespace livedream::ui {
namespace {
// A panel appearing (the first frame, a reset layout) does not take the focus: that would bring the
// last one's tab to the front and close an open menu.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoFocusOnAppearing;
}  // namespace

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
    draw_menu_bar(state, requests, help_open);
    // The default column is 25 text heights wide, or as wide as the user last made the side panel.
    const float width = panel_width > 0 ? panel_width : ImGui::GetFontSize() * 25.0f;
    const DockedArea docked = dock_panels(vp, width, requests.reset_layout);
    area = docked.dream;
    // One dockable window per panel group; End() whether or not Begin() showed it.
    auto panel = [](const char* window, auto&& draw) {
      if (ImGui::Begin(window, nullptr, kPanelFlags)) draw();
      ImGui::End();
    };
    panel(kPlaybackWindow, [&] { playback_.draw(params, state, requests); });
    panel(kDreamWindow, [&] {
      layers_.draw(params, state, requests);
      step_.draw(params, state, requests);
      octaves_.draw(params, state, requests);
      transform_.draw(params, state, requests);
    });
    panel(kInputWindow, [&] {
      model_.draw(params, state, requests);
      image_.draw(params, state, requests);
      video_.draw(params, state, requests);
      guide_.draw(params, state, requests);
      presets_.draw(params, state, requests);
    });
    panel(kPerformanceWindow, [&] {
      stats_.draw(state);
      playback_.draw_scheduling(state, requests);
    });
    panel(kOutputWindow, [&] { output_.draw(state, requests); });
    panel(kControlWindow, [&] { control_.draw(state, requests); });
    // Dream is the tab in front in a new default layout, as it was (over the frames the tabs take
    // to join their node; without taking the keyboard focus, which would close an open menu).
    if (docked.default_layout) front_tab_frames_ = 10;
    if (front_tab_frames_ > 0) front_tab_frames_ = bring_tab_to_front(kDreamWindow) ? 0 : front_tab_frames_ - 1;
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
