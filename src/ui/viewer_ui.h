// The whole viewer UI for one frame: menu bar, the panels docked in a dockspace (ui/dock_layout.h),
// toasts and the help overlay. Returns the area left for the dream. Knows nothing of the engine: it reads a
// ViewerUiState and writes UiRequests (and the DreamParams copy it edits).
#pragma once
#include <array>

#include "core/dream_params.h"
#include "render/view.h"
#include "ui/panels.h"
#include "ui/quit_confirm.h"
#include "ui/toasts.h"
#include "ui/ui_state.h"

namespace livedream::ui {

class ViewerUi {
 public:
  // Draws everything (the panels only when panels_visible) and returns the dream area in ImGui
  // (window) coordinates. Key presses are read here too and land in `requests`.
  render::PixelRect draw(DreamParams& params, ViewerUiState& state, UiRequests& requests);

  Toasts& toasts() { return toasts_; }
  // The Layers panel's current channel (for a Ctrl+click neuron on a term without channels).
  int current_channel() const { return layers_.current_channel(); }
  // Where the recording indicator was drawn this frame (x, y, w, h; zero when not recording).
  const std::array<float, 4>& indicator_rect() const { return indicator_rect_; }
  bool panels_visible = true;
  // The width of the default layout's side column (ImGui units; 0: 25 text heights), from
  // settings.json. The user's own arrangement, column widths included, is ImGui's, in imgui.ini.
  float panel_width = 0;
  bool help_open = false;
  bool quit_confirm_open() const { return quit_confirm_.open(); }

 private:
  ModelPanel model_;
  LayersPanel layers_;
  StepPanel step_;
  OctavesPanel octaves_;
  TransformPanel transform_;
  GuidePanel guide_;
  PlaybackPanel playback_;
  ImagePanel image_;
  VideoPanel video_;
  PresetsPanel presets_;
  StatsPanel stats_;
  OutputPanel output_;
  ControlPanel control_;
  Toasts toasts_;
  QuitConfirm quit_confirm_;
  std::array<float, 4> indicator_rect_{};
  int front_tab_frames_ = 0;  // frames left to try to bring the Dream tab to the front (a new default layout)
};

}  // namespace livedream::ui
