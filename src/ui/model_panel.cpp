#include <imgui.h>
#include "ui/string_input.h"

#include <filesystem>

#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void ModelPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const ModelView& m = state.model;
  if (m.loading) {
    ImGui::TextColored(warning_color(), "Loading %s ...", file_name(params.model.empty() ? "default model" : params.model).c_str());
  } else if (m.loaded_path.empty()) {
    ImGui::TextColored(error_color(), "No model loaded");
  } else {
    ImGui::TextUnformatted(file_name(m.loaded_path).c_str());
    item_tooltip(m.loaded_path.c_str());
    ImGui::SameLine();
    ImGui::TextColored(dim_text_color(), "%zu layers, %s", m.layers.size(), m.device.c_str());
  }

  ImGui::BeginDisabled(m.loading);
  if (!m.found_models.empty()) {
    row_label("Found");
    const std::string preview = m.loaded_path.empty() ? std::string("pick a model") : file_name(m.loaded_path);
    if (ImGui::BeginCombo("##found_models", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
      for (size_t i = 0; i < m.found_models.size(); ++i) {
        const std::string& path = m.found_models[i];
        const std::string name = file_name(path);
        // Files of the same name in several folders: say which folder.
        size_t same = 0;
        for (const auto& other : m.found_models) same += file_name(other) == name;
        std::string label = name;
        if (same > 1) label += "  (" + file_name(std::filesystem::path(path).parent_path().string()) + ")";
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(label.c_str(), path == m.loaded_path)) requests.load_model = path;
        item_tooltip(path.c_str());
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  row_label("Path");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  const bool enter = ImGui::InputTextWithHint("##model_path", "/path/to/model.pt", &path_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Load##model", ImVec2(-1, 0)) || enter) && !path_.empty()) requests.load_model = path_;
  ImGui::EndDisabled();
}

}  // namespace livedream::ui
