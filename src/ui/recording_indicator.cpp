#include "ui/recording_indicator.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace livedream::ui {

std::array<float, 4> draw_recording_indicator(const RecordingView& recording, float area_x, float area_y, float area_w, float area_h) {
  if (!recording.active || area_w <= 0 || area_h <= 0) return {0, 0, 0, 0};
  const int seconds = static_cast<int>(recording.elapsed_s);
  // Which time the file keeps is said too: the source's (with its sound) or one frame per step.
  char text[192];
  const std::string timing = recording.timing.empty() ? std::string() : "  (" + recording.timing + ")";
  if (recording.dropped > 0)
    std::snprintf(text, sizeof text, "REC %02d:%02d  %lld frames  %lld dropped%s", seconds / 60, seconds % 60,
                  static_cast<long long>(recording.frames), static_cast<long long>(recording.dropped), timing.c_str());
  else
    std::snprintf(text, sizeof text, "REC %02d:%02d  %lld frames%s", seconds / 60, seconds % 60, static_cast<long long>(recording.frames),
                  timing.c_str());

  const float font = ImGui::GetFontSize();
  const float pad = font * 0.5f, dot = font * 0.35f, margin = font * 0.8f;
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float w = pad * 3 + dot * 2 + size.x, h = pad * 2 + size.y;
  const float x = area_x + area_w - margin - w, y = area_y + margin;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  list->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(16, 14, 22, 215), font * 0.3f);
  // The dot blinks once a second, as a camera's does; the text stays.
  const bool lit = std::fmod(recording.elapsed_s, 1.0) < 0.6;
  list->AddCircleFilled(ImVec2(x + pad + dot, y + h * 0.5f), dot, lit ? IM_COL32(230, 40, 50, 255) : IM_COL32(110, 30, 36, 255));
  const ImU32 color = recording.dropped > 0 ? IM_COL32(255, 196, 80, 255) : IM_COL32(235, 232, 245, 255);
  list->AddText(ImVec2(x + pad * 2 + dot * 2, y + pad), color, text);
  return {x, y, w, h};
}

}  // namespace livedream::ui
