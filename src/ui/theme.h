// livedream's look: a dark theme with a violet accent, sized for the monitor's content scale.
#pragma once

struct ImVec4;

namespace livedream::ui {

void apply_theme(float scale);

// Accent colours used by panels for emphasis.
ImVec4 accent_color();
ImVec4 warning_color();
ImVec4 error_color();
ImVec4 dim_text_color();

}  // namespace livedream::ui
