#include <imgui.h>
#include "ui/string_input.h"

#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void GuidePanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Guide and seed", ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (params.guide.empty()) {
    ImGui::TextColored(dim_text_color(), "No guide: the layers' own features grow");
  } else {
    ImGui::Text("Guide: %s", file_name(params.guide).c_str());
    item_tooltip(params.guide.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear##guide")) requests.clear_guide = true;
  }
  row_label("Cosine");
  ImGui::SetNextItemWidth(-1.0f);
  if (slider_committed(ImGui::SliderFloat("##guide_cosine_power", &params.guide_cosine_power, 0.0f, 8.0f,
                                          params.guide_cosine_power == 0.0f ? "0 (best match)" : "%.1f")))
    requests.params_changed = true;
  item_tooltip(
      "0: the notebook's best match with the guide. Above 0: Lucid's direction towards the guide's mean "
      "features, weighted by cosine^power (1 keeps a guided dream closer to the guide).");
  row_label("Guide image");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  const bool enter = ImGui::InputTextWithHint("##guide_path", "/path/to/guide.jpg", &path_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open##guide", ImVec2(-1, 0)) || enter) && !path_.empty()) requests.open_guide = path_;

  row_label("Seed");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  uint64_t seed = params.seed;
  if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed, nullptr, nullptr, "%llu")) {
    params.seed = seed;
    requests.params_changed = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("New##seed", ImVec2(-1, 0))) {
    params.seed = params.seed * 6364136223846793005ull + 1442695040888963407ull;
    params.seed >>= 16;
    requests.params_changed = true;
  }
  item_tooltip("The seed of the jitter: the same seed and parameters give the same dream.");
}

}  // namespace livedream::ui
