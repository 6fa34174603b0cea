#include <imgui.h>
#include "ui/string_input.h"

#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void ImagePanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Image", ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::TextUnformatted(file_name(state.image_name).c_str());
  item_tooltip(state.image_name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(dim_text_color(), "%dx%d", state.stats.width, state.stats.height);
  row_label("Open");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  const bool enter =
      ImGui::InputTextWithHint("##image_path", "image, video, URL, clouds, camera", &path_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open##image", ImVec2(-1, 0)) || enter) && !path_.empty()) requests.open_image = path_;
  ImGui::TextColored(dim_text_color(), "or drop an image or video onto the window");
  ImGui::SameLine();
  if (ImGui::SmallButton("Clouds")) requests.default_image = true;
  item_tooltip("Back to the built-in clouds");
}

}  // namespace livedream::ui
