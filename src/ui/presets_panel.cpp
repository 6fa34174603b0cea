#include <imgui.h>
#include "ui/string_input.h"

#include <algorithm>
#include <filesystem>

#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void PresetsPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Presets", ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (state.presets.empty()) {
    ImGui::TextColored(dim_text_color(), "No presets found");
  } else {
    // The combo shows the preset in use when one is (--preset classic shows "classic"), and
    // otherwise what the user picked last.
    if (state.active_preset != followed_) {
      followed_ = state.active_preset;
      const auto at = std::find(state.presets.begin(), state.presets.end(), state.active_preset);
      if (at != state.presets.end()) selected_ = static_cast<int>(at - state.presets.begin());
    }
    selected_ = std::clamp(selected_, 0, static_cast<int>(state.presets.size()) - 1);
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
    const std::string preview = std::filesystem::path(state.presets[selected_]).stem().string();
    if (ImGui::BeginCombo("##presets", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
      for (int i = 0; i < static_cast<int>(state.presets.size()); ++i) {
        const std::string name = std::filesystem::path(state.presets[i]).stem().string();
        const std::string problem = static_cast<size_t>(i) < state.preset_problems.size() ? state.preset_problems[i] : "";
        if (!problem.empty()) ImGui::PushStyleColor(ImGuiCol_Text, dim_text_color());
        if (ImGui::Selectable((problem.empty() ? name : name + "  (cannot run here)").c_str(), i == selected_)) selected_ = i;
        if (!problem.empty()) ImGui::PopStyleColor();
        item_tooltip((problem.empty() ? state.presets[i] : state.presets[i] + "\n" + problem).c_str());
      }
      ImGui::EndCombo();
    }
    const std::string problem = static_cast<size_t>(selected_) < state.preset_problems.size() ? state.preset_problems[selected_] : "";
    ImGui::SameLine();
    ImGui::BeginDisabled(!problem.empty());
    if (ImGui::Button("Load##preset", ImVec2(-1, 0))) requests.load_preset = state.presets[selected_];
    ImGui::EndDisabled();
    midi_learn_menu("/livedream/preset", state, requests, preview);  // a pad per preset: it loads this one
    if (!problem.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(warning_color(), "%s", problem.c_str());
      ImGui::PopTextWrapPos();
    }
    if (static_cast<size_t>(selected_) < state.preset_descriptions.size() && !state.preset_descriptions[selected_].empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(dim_text_color(), "%s", state.preset_descriptions[selected_].c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  const bool enter = ImGui::InputTextWithHint("##preset_name", "name", &name_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Save##preset", ImVec2(-1, 0)) || enter) && !name_.empty()) requests.save_preset = name_;
  item_tooltip(("Saves the current settings as <name>.json in " + state.user_presets_dir).c_str());
}

}  // namespace livedream::ui
