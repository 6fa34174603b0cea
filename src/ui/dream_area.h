// The dream area of the window: the mouse gestures on it (the wheel zooms about the cursor,
// dragging pans, a double-click fits) and the message drawn there while there is no dream yet.
// Functions over the view state; everything in framebuffer pixels, converted from ImGui's window
// coordinates in one place (to_framebuffer).
#pragma once
#include <array>
#include <vector>

#include "render/view.h"

namespace livedream::ui {

// ImGui (window) coordinates -> framebuffer pixels (they differ on high-density displays).
render::PixelRect to_framebuffer(const render::PixelRect& window_rect);
render::PixelRect to_framebuffer(const std::array<float, 4>& window_xywh);

struct ViewGestures {
  bool dragging = false;  // a drag that started on the dream continues outside it
};

// Applies this frame's mouse input to `view` unless ImGui wants the mouse (a panel is under it)
// or there is no image yet. `area`: the dream area in framebuffer pixels.
void handle_view_gestures(render::ViewState& view, ViewGestures& gestures, const render::PixelRect& area, int image_w,
                          int image_h);

// A centred message box over `area` (framebuffer pixels), e.g. "Loading the model...".
void draw_dream_placeholder(const char* text, const render::PixelRect& area);

}  // namespace livedream::ui
