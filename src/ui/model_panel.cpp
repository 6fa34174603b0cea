#include <imgui.h>
#include <imgui_stdlib.h>

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
    if (ImGui::BeginCombo("##found_models", preview.c_str())) {
      for (const auto& path : m.found_models) {
        if (ImGui::Selectable(file_name(path).c_str(), path == m.loaded_path)) requests.load_model = path;
        item_tooltip(path.c_str());
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
