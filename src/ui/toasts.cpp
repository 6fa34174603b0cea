#include "ui/toasts.h"

#include <imgui.h>

#include <algorithm>

#include "ui/theme.h"

namespace livedream::ui {

void Toasts::push(ToastLevel level, std::string text) {
  log_.push_back(text);
  if (log_.size() > 200) log_.pop_front();
  // The same message again just restarts its clock.
  for (auto& item : items_)
    if (item.text == text) {
      item.born = -1;
      return;
    }
  items_.push_back({level, std::move(text)});
  if (items_.size() > 5) items_.pop_front();
}

void Toasts::draw(float area_x, float area_y, float area_w, float area_h) {
  const double now = ImGui::GetTime();
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const Item& i) {
                                const double life = i.level == ToastLevel::Error ? 8.0 : 4.0;
                                return i.born >= 0 && now - i.born > life;
                              }),
               items_.end());
  rects_.clear();
  const float pad = ImGui::GetFontSize() * 0.8f;
  float y = area_y + area_h - pad;
  int index = 0;
  for (auto it = items_.rbegin(); it != items_.rend(); ++it, ++index) {
    if (it->born < 0) it->born = now;
    const double life = it->level == ToastLevel::Error ? 8.0 : 4.0;
    const float fade = static_cast<float>(std::clamp((life - (now - it->born)) / 0.5, 0.0, 1.0));
    ImGui::SetNextWindowPos(ImVec2(area_x + area_w - pad, y), ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.88f * fade);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(std::max(200.0f, area_w * 0.6f), 400.0f));
    const std::string id = "##toast" + std::to_string(index);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, std::max(0.05f, fade));
    if (ImGui::Begin(id.c_str(), nullptr, flags)) {
      const ImVec4 color = it->level == ToastLevel::Error     ? error_color()
                           : it->level == ToastLevel::Warning ? warning_color()
                                                              : accent_color();
      ImGui::PushTextWrapPos(std::max(200.0f, area_w * 0.6f) - ImGui::GetStyle().WindowPadding.x * 2);
      ImGui::TextColored(color, "%s", it->level == ToastLevel::Error ? "Error" : it->level == ToastLevel::Warning ? "Note" : "OK");
      ImGui::SameLine();
      ImGui::TextUnformatted(it->text.c_str());
      ImGui::PopTextWrapPos();
      const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
      rects_.push_back({pos.x, pos.y, size.x, size.y});
      y -= size.y + pad * 0.5f;
    }
    ImGui::End();
    ImGui::PopStyleVar();
  }
}

}  // namespace livedream::ui
