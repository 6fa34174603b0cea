// The panels as dockable windows in a dockspace over the main window: the default layout (today's
// side panel: Playback on top, Dream, Input, Performance, Output and Control as tabs below, the
// dream to the right), the user's own arrangement as ImGui keeps it in imgui.ini, and the dream's
// area (the dockspace's central node, where no panel is docked).
#pragma once
#include <imgui.h>

#include "render/view.h"

namespace livedream::ui {

// The panels' window names: ImGui keys docking and the layout file by them.
inline constexpr const char* kPlaybackWindow = "Playback";
inline constexpr const char* kDreamWindow = "Dream";
inline constexpr const char* kInputWindow = "Input";
inline constexpr const char* kPerformanceWindow = "Performance";
inline constexpr const char* kOutputWindow = "Output";
inline constexpr const char* kControlWindow = "Control";

struct DockedArea {
  render::PixelRect dream;      // the dockspace's central node: where the dream shows
  bool default_layout = false;  // the default layout was (re)built this frame
};

// Submits the dockspace over `viewport`'s work area (below the menu bar) for this frame and returns
// the central node's rectangle: the dream's area. The default layout is built when the dockspace has
// none yet (first run, no imgui.ini, or --reset-settings) or when `reset` asks for it (View > Reset
// layout); its side column is `panel_width` wide (ImGui units).
DockedArea dock_panels(const ImGuiViewport* viewport, float panel_width, bool reset);

// Selects `window`'s tab in its dock node, as a click on the tab would but without focusing it.
// True once it is the selected tab; false while it is not yet (not docked, or the node's tab bar
// takes the selection at its next frame): call it again the next frame.
bool bring_tab_to_front(const char* window);

}  // namespace livedream::ui
