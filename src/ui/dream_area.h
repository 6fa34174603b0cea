// The dream area of the window: the mouse gestures on it (the wheel zooms about the cursor,
// dragging pans, a double-click fits) and the message drawn there while there is no dream yet.
// Functions over the view state; everything in framebuffer pixels, converted from ImGui's window
// coordinates in one place (to_framebuffer).
#pragma once
#include <array>
#include <optional>
#include <vector>

#include "core/dream_params.h"
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
void handle_view_gestures(render::ViewState& view, ViewGestures& gestures, const render::PixelRect& area, int image_w, int image_h);

// Ctrl+click on the picture (not a drag: the click starts none): where, relative to the picture,
// (0, 0) its top left and (1, 1) its bottom right; none otherwise, or while ImGui wants the mouse.
std::optional<RelativePoint> point_clicked(const render::PixelRect& area, int image_w, int image_h, const render::ViewState& view);

// Puts the neuron point of the first layer term (class terms aside) at `point`; a term dreaming
// on every channel gets `channel`, so the point is one neuron. False when no term can take it.
bool place_point(std::vector<LayerObjective>& layers, const RelativePoint& point, int channel);

// A ring with a cross over the picture at each term's point, numbered by term when there are several.
void draw_point_markers(const std::vector<LayerObjective>& layers, const render::PixelRect& area, int image_w, int image_h,
                        const render::ViewState& view);

// A centred message box over `area` (framebuffer pixels), e.g. "Loading the model...".
void draw_dream_placeholder(const char* text, const render::PixelRect& area);

}  // namespace livedream::ui
