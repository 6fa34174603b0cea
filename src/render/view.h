// Where the dream is drawn: letterbox fit into the dream area, plus a view-only zoom and pan
// (mouse wheel and drag). Pure arithmetic, no GL: the same numbers serve drawing, mouse handling
// and the tests that compare screenshots with the engine's frame.
#pragma once

namespace livedream::render {

// A rectangle in framebuffer pixels, origin at the top-left corner.
struct PixelRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

struct ViewState {
  float zoom = 1.0f;   // relative to the base scale (fit or 1:1)
  float pan_x = 0.0f;  // framebuffer pixels
  float pan_y = 0.0f;
  bool actual_size = false;  // base scale 1 image pixel = 1 framebuffer pixel instead of fit
  bool linear = true;        // texture filter: linear, or nearest to see the pixels

  static constexpr float kMinZoom = 0.05f;
  static constexpr float kMaxZoom = 64.0f;
  void reset() { zoom = 1.0f, pan_x = pan_y = 0.0f; }
};

// The image's rectangle inside `area` (both in framebuffer pixels). The origin is rounded to
// whole pixels so that at an integer scale every image pixel covers whole framebuffer pixels.
PixelRect image_rect(int image_w, int image_h, const PixelRect& area, const ViewState& view);

// Multiplies the zoom by `factor` keeping the image point under (cursor_x, cursor_y) in place.
void zoom_at(ViewState& view, float factor, float cursor_x, float cursor_y, int image_w, int image_h, const PixelRect& area);

}  // namespace livedream::render
