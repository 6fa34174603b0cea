// The recording indicator: a red dot, the elapsed time, the frame count and the dropped steps,
// in the top right corner of the dream while a recording runs.
#pragma once
#include <array>

#include "ui/ui_state.h"

namespace livedream::ui {

// Draws nothing when no recording is active. Returns the rectangle it covered (x, y, w, h in ImGui
// coordinates; all zero when nothing was drawn), so the app knows which pixels are not the dream.
std::array<float, 4> draw_recording_indicator(const RecordingView& recording, float area_x, float area_y, float area_w, float area_h);

}  // namespace livedream::ui
