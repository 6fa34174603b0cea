#include "ui/dream_area.h"

#include <imgui.h>

#include <cmath>

namespace livedream::ui {

render::PixelRect to_framebuffer(const render::PixelRect& r) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  return {r.x * scale.x, r.y * scale.y, r.w * scale.x, r.h * scale.y};
}

render::PixelRect to_framebuffer(const std::array<float, 4>& xywh) {
  return to_framebuffer(render::PixelRect{xywh[0], xywh[1], xywh[2], xywh[3]});
}

void handle_view_gestures(render::ViewState& view, ViewGestures& gestures, const render::PixelRect& area, int image_w,
                          int image_h) {
  const ImGuiIO& io = ImGui::GetIO();
  const render::PixelRect mouse = to_framebuffer(render::PixelRect{io.MousePos.x, io.MousePos.y, io.MouseDelta.x, io.MouseDelta.y});
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) gestures.dragging = false;
  if (io.WantCaptureMouse || image_w <= 0 || image_h <= 0) return;
  const bool inside = area.contains(mouse.x, mouse.y);
  if (inside && io.MouseWheel != 0.0f) render::zoom_at(view, std::pow(1.15f, io.MouseWheel), mouse.x, mouse.y, image_w, image_h, area);
  if (inside && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.reset();
  if (inside && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) gestures.dragging = true;
  if (gestures.dragging) {
    view.pan_x += mouse.w;  // the mouse's movement this frame, in framebuffer pixels
    view.pan_y += mouse.h;
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
  }
}

void draw_dream_placeholder(const char* text, const render::PixelRect& area) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float cx = (area.x + area.w * 0.5f) / scale.x, cy = (area.y + area.h * 0.5f) / scale.y;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 pad(14, 9);
  list->AddRectFilled(ImVec2(cx - size.x * 0.5f - pad.x, cy - size.y * 0.5f - pad.y),
                      ImVec2(cx + size.x * 0.5f + pad.x, cy + size.y * 0.5f + pad.y), IM_COL32(20, 18, 30, 220), 6.0f);
  list->AddText(ImVec2(cx - size.x * 0.5f, cy - size.y * 0.5f), IM_COL32(225, 220, 245, 255), text);
}

}  // namespace livedream::ui
