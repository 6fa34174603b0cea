#include "ui/widgets.h"

#include <imgui.h>

#include <filesystem>

#include "ui/theme.h"

namespace livedream::ui {

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextColored(dim_text_color(), "(?)");
  item_tooltip(text);
}

void item_tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string file_name(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? path : name;
}

float label_width() { return ImGui::GetFontSize() * 7.0f; }

void row_label(const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(label_width());
  ImGui::SetNextItemWidth(-1.0f);
}

bool slider_committed(bool changed) {
  if (ImGui::IsItemDeactivatedAfterEdit()) return true;  // Enter, or focus lost after typing
  // While a value is being typed, ImGui reports text input; the slider then only edits the copy.
  return changed && !(ImGui::IsItemActive() && ImGui::GetIO().WantTextInput);
}

bool wide_button(const char* label, float fraction) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float w = (ImGui::GetContentRegionAvail().x + spacing) * fraction - spacing;
  return ImGui::Button(label, ImVec2(w, 0));
}

}  // namespace livedream::ui
