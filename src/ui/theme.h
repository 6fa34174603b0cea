// livedream's look: a dark theme with a violet accent, sized for the monitor's content scale and the
// user's UI scale (Ctrl + / Ctrl -).
#pragma once

struct ImVec4;

namespace livedream::ui {

// Text is ImGui 1.92's dynamic font, rasterised at its final size (sharp at any scale): 15 px times
// `content_scale` (the monitor's density) times `ui_scale`; padding, spacing and rounding follow.
void apply_theme(float content_scale, float ui_scale = 1.0f);

// The UI scale's limits and one Ctrl + / Ctrl - step.
inline constexpr float kMinUiScale = 0.5f, kMaxUiScale = 3.0f, kUiScaleStep = 1.1f;
// `scale` moved by `steps` (each kUiScaleStep), kept within the limits.
float stepped_ui_scale(float scale, int steps);

// Accent colours used by panels for emphasis.
ImVec4 accent_color();
ImVec4 warning_color();
ImVec4 error_color();
ImVec4 dim_text_color();

}  // namespace livedream::ui
