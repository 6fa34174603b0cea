#include "ui/dream_area.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace livedream::ui {

// With panels that can leave the window (multi-viewports) ImGui's coordinates are the desktop's:
// the main window's framebuffer starts at its viewport's position (0, 0 without them).
render::PixelRect to_framebuffer(const render::PixelRect& r) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const ImVec2 origin = ImGui::GetMainViewport()->Pos;
  return {(r.x - origin.x) * scale.x, (r.y - origin.y) * scale.y, r.w * scale.x, r.h * scale.y};
}

namespace {
// The inverse for a point: framebuffer pixels to ImGui's coordinates.
ImVec2 to_imgui(float x, float y) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const ImVec2 origin = ImGui::GetMainViewport()->Pos;
  return ImVec2(x / scale.x + origin.x, y / scale.y + origin.y);
}
}  // namespace

render::PixelRect to_framebuffer(const std::array<float, 4>& xywh) {
  return to_framebuffer(render::PixelRect{xywh[0], xywh[1], xywh[2], xywh[3]});
}

void handle_view_gestures(render::ViewState& view, ViewGestures& gestures, const render::PixelRect& area, int image_w, int image_h) {
  const ImGuiIO& io = ImGui::GetIO();
  const render::PixelRect mouse = to_framebuffer(render::PixelRect{io.MousePos.x, io.MousePos.y, io.MouseDelta.x, io.MouseDelta.y});
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) gestures.dragging = false;
  if (io.WantCaptureMouse || image_w <= 0 || image_h <= 0) return;
  const bool inside = area.contains(mouse.x, mouse.y);
  if (inside && io.MouseWheel != 0.0f) render::zoom_at(view, std::pow(1.15f, io.MouseWheel), mouse.x, mouse.y, image_w, image_h, area);
  if (inside && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.reset();
  // Ctrl+click places a neuron point (point_clicked), so it starts no drag.
  if (inside && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !io.KeyCtrl) gestures.dragging = true;
  // The frame of the press moves nothing: the pointer may have jumped to where it pressed (a
  // touch, a tablet pen), and that jump is no drag.
  if (gestures.dragging && !ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    view.pan_x += mouse.w;  // the mouse's movement this frame, in framebuffer pixels
    view.pan_y += mouse.h;
  }
  if (gestures.dragging) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
}

std::optional<RelativePoint> point_clicked(const render::PixelRect& area, int image_w, int image_h, const render::ViewState& view) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureMouse || image_w <= 0 || image_h <= 0 || !io.KeyCtrl || !ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    return std::nullopt;
  const render::PixelRect mouse = to_framebuffer(render::PixelRect{io.MousePos.x, io.MousePos.y, 0, 0});
  if (!area.contains(mouse.x, mouse.y)) return std::nullopt;
  const render::PixelRect image = render::image_rect(image_w, image_h, area, view);
  if (!image.contains(mouse.x, mouse.y)) return std::nullopt;
  return RelativePoint{std::clamp((mouse.x - image.x) / image.w, 0.0f, 1.0f), std::clamp((mouse.y - image.y) / image.h, 0.0f, 1.0f)};
}

bool place_point(std::vector<LayerObjective>& layers, const RelativePoint& point, int channel) {
  for (auto& term : layers) {
    if (term.is_class()) continue;
    term.point = point;
    if (term.channels.empty() && term.strongest == 0) term.channels = {std::max(0, channel)};
    return true;
  }
  return false;
}

void draw_point_markers(const std::vector<LayerObjective>& layers, const render::PixelRect& area, int image_w, int image_h,
                        const render::ViewState& view) {
  if (image_w <= 0 || image_h <= 0) return;
  const render::PixelRect image = render::image_rect(image_w, image_h, area, view);
  // Under the windows (the help, menus, toasts), in the main window only.
  ImDrawList* list = ImGui::GetBackgroundDrawList(ImGui::GetMainViewport());
  // Clipped to the dream area: a zoomed-in view may put the point under the panels.
  list->PushClipRect(to_imgui(area.x, area.y), to_imgui(area.x + area.w, area.y + area.h), true);
  const bool numbered = std::count_if(layers.begin(), layers.end(), [](const LayerObjective& l) { return l.point.has_value(); }) > 1;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!layers[i].point) continue;
    const ImVec2 at = to_imgui(image.x + layers[i].point->x * image.w, image.y + layers[i].point->y * image.h);
    const float r = 9.0f;
    // Dark under light, so the marker shows on any picture.
    for (const auto& [color, width] : {std::pair{IM_COL32(0, 0, 0, 200), 4.0f}, std::pair{IM_COL32(255, 235, 90, 255), 2.0f}}) {
      list->AddCircle(at, r, color, 24, width);
      list->AddLine(ImVec2(at.x - r * 1.8f, at.y), ImVec2(at.x - r * 0.5f, at.y), color, width);
      list->AddLine(ImVec2(at.x + r * 0.5f, at.y), ImVec2(at.x + r * 1.8f, at.y), color, width);
      list->AddLine(ImVec2(at.x, at.y - r * 1.8f), ImVec2(at.x, at.y - r * 0.5f), color, width);
      list->AddLine(ImVec2(at.x, at.y + r * 0.5f), ImVec2(at.x, at.y + r * 1.8f), color, width);
    }
    if (numbered) list->AddText(ImVec2(at.x + r + 2.0f, at.y - r - 12.0f), IM_COL32(255, 235, 90, 255), std::to_string(i).c_str());
  }
  list->PopClipRect();
}

void draw_dream_placeholder(const char* text, const render::PixelRect& area) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 centre = to_imgui(area.x + area.w * 0.5f, area.y + area.h * 0.5f);
  const float cx = centre.x, cy = centre.y;
  ImDrawList* list = ImGui::GetForegroundDrawList(ImGui::GetMainViewport());
  const ImVec2 pad(14, 9);
  list->AddRectFilled(ImVec2(cx - size.x * 0.5f - pad.x, cy - size.y * 0.5f - pad.y),
                      ImVec2(cx + size.x * 0.5f + pad.x, cy + size.y * 0.5f + pad.y), IM_COL32(20, 18, 30, 220), 6.0f);
  list->AddText(ImVec2(cx - size.x * 0.5f, cy - size.y * 0.5f), IM_COL32(225, 220, 245, 255), text);
}

}  // namespace livedream::ui
