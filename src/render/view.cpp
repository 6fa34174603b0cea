#include "render/view.h"

#include <algorithm>
#include <cmath>

namespace livedream::render {
namespace {
float base_scale(int image_w, int image_h, const PixelRect& area, const ViewState& view) {
  if (view.actual_size || image_w <= 0 || image_h <= 0) return 1.0f;
  return std::min(area.w / static_cast<float>(image_w), area.h / static_cast<float>(image_h));
}
}  // namespace

PixelRect image_rect(int image_w, int image_h, const PixelRect& area, const ViewState& view) {
  if (image_w <= 0 || image_h <= 0) return {area.x, area.y, 0, 0};
  const float scale = base_scale(image_w, image_h, area, view) * view.zoom;
  PixelRect r;
  r.w = std::max(1.0f, std::round(image_w * scale));
  r.h = std::max(1.0f, std::round(image_h * scale));
  r.x = std::round(area.x + (area.w - r.w) * 0.5f + view.pan_x);
  r.y = std::round(area.y + (area.h - r.h) * 0.5f + view.pan_y);
  return r;
}

void zoom_at(ViewState& view, float factor, float cursor_x, float cursor_y, int image_w, int image_h, const PixelRect& area) {
  if (image_w <= 0 || image_h <= 0 || !(factor > 0.0f)) return;
  const PixelRect before = image_rect(image_w, image_h, area, view);
  const float u = (cursor_x - before.x) / before.w;  // image point under the cursor, 0..1 inside
  const float v = (cursor_y - before.y) / before.h;
  view.zoom = std::clamp(view.zoom * factor, ViewState::kMinZoom, ViewState::kMaxZoom);
  const float scale = base_scale(image_w, image_h, area, view) * view.zoom;
  const float w = image_w * scale, h = image_h * scale;
  view.pan_x = cursor_x - u * w - area.x - (area.w - w) * 0.5f;
  view.pan_y = cursor_y - v * h - area.y - (area.h - h) * 0.5f;
}

}  // namespace livedream::render
