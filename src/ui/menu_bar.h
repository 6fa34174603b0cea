// The main menu bar: File, View, Dream, Help, and a status line on the right.
#pragma once
#include "ui/ui_state.h"

namespace livedream::ui {

// Returns the bar's height (ImGui coordinates).
float draw_menu_bar(ViewerUiState& state, UiRequests& requests, bool help_open);

}  // namespace livedream::ui
