#include <imgui.h>
#include "ui/string_input.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>

#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {
namespace {

constexpr float kThumbnail = 56.0f;  // thumbnail side, in unscaled pixels

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() < 10 && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

bool channel_matches_filter(const std::string& filter, int64_t channel) {
  std::string compact;
  for (char c : filter)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (compact.empty()) return true;
  const std::string number = std::to_string(channel);
  std::stringstream items(compact);
  std::string item;
  while (std::getline(items, item, ',')) {
    const size_t dash = item.find('-');
    if (dash == std::string::npos) {
      if (all_digits(item) && number.compare(0, item.size(), item) == 0) return true;
    } else {
      const std::string first = item.substr(0, dash), last = item.substr(dash + 1);
      if (all_digits(first) && all_digits(last) && channel >= std::stoll(first) && channel <= std::stoll(last)) return true;
    }
  }
  return false;
}

bool AtlasPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  const AtlasView& atlas = state.atlas;
  if (!ImGui::TreeNode("Channel atlas")) return false;
  requests.atlas_open = true;
  if (atlas.layer.empty() || params.layers.empty()) {
    ImGui::TextColored(dim_text_color(), "waiting for the model");
    ImGui::TreePop();
    return false;
  }
  ImGui::TextColored(dim_text_color(), "%s: %lld of %lld channels", atlas.layer.c_str(), static_cast<long long>(atlas.ready),
                     static_cast<long long>(atlas.total));

  bool compute = atlas.compute;
  if (ImGui::Checkbox("Compute missing", &compute)) requests.atlas_compute = compute ? 1 : 0;
  item_tooltip("Missing pictures are computed in the background, on a model of their own, while this section is open");
  row_label("Atlas share");
  float share_percent = atlas.share * 100.0f;
  if (slider_committed(ImGui::SliderFloat("##atlas_share", &share_percent, 0.0f, 100.0f, "%.0f%%")))
    requests.atlas_share = std::clamp(share_percent, 0.0f, 100.0f) / 100.0f;
  item_tooltip("The share of the time the atlas may compute (it slows the dream by about as much); 0 pauses it");
  if (atlas.total > 0 && atlas.ready < atlas.total) {
    const float fraction = static_cast<float>(atlas.ready) / static_cast<float>(atlas.total);
    const std::string label = std::to_string(atlas.ready) + " / " + std::to_string(atlas.total) +
                              (atlas.computing                      ? "  computing"
                               : !atlas.compute || atlas.share <= 0 ? "  paused"
                                                                    : "");
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), label.c_str());
  }
  if (!atlas.error.empty()) ImGui::TextColored(error_color(), "%s", atlas.error.c_str());

  row_label("Search");
  ImGui::InputTextWithHint("##atlas_search", "e.g. 97, 10-20", &filter_);
  item_tooltip("Channel numbers (9 finds 9, 90-99, 900...), ranges A-B, joined by commas");

  shown_.clear();
  for (int64_t c = 0; c < static_cast<int64_t>(atlas.textures.size()); ++c)
    if (channel_matches_filter(filter_, c)) shown_.push_back(c);

  const float side = kThumbnail * ImGui::GetStyle().FontScaleMain;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pitch = side + style.ItemSpacing.x;
  const int columns = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + style.ItemSpacing.x) / pitch));
  const int rows = static_cast<int>((shown_.size() + static_cast<size_t>(columns) - 1) / static_cast<size_t>(columns));
  const std::vector<int>& current = params.layers.front().channels;
  const bool layer_matches = params.layers.front().layer == atlas.layer;
  bool picked = false;
  ImGui::BeginChild("##atlas_grid", ImVec2(0, std::min(6, std::max(rows, 1)) * (side + style.ItemSpacing.y) + style.ItemSpacing.y));
  ImGuiListClipper clipper;  // only the rows in view are drawn: 1000 channels cost a few rows
  clipper.Begin(rows, side + style.ItemSpacing.y);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int col = 0; col < columns; ++col) {
        const size_t index = static_cast<size_t>(row) * static_cast<size_t>(columns) + static_cast<size_t>(col);
        if (index >= shown_.size()) break;
        const int64_t channel = shown_[index];
        if (col > 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(channel));
        const uint64_t texture = atlas.textures[static_cast<size_t>(channel)];
        const bool selected = layer_matches && current.size() == 1 && current[0] == channel;
        if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        bool clicked = false;
        if (texture != 0) {
          ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, 2));  // the thumbnail's frame
          clicked = ImGui::ImageButton("##thumbnail", static_cast<ImTextureID>(texture), ImVec2(side - 4, side - 4));
          ImGui::PopStyleVar();
        } else {
          clicked = ImGui::Button(std::to_string(channel).c_str(), ImVec2(side, side));
        }
        if (selected) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("channel %lld%s", static_cast<long long>(channel), texture ? "" : " (not computed yet)");
        if (clicked) {
          // What the channel field does: the first layer dreams on this one channel of the atlas's layer.
          LayerObjective& first = params.layers.front();
          first.layer = atlas.layer;
          first.channels = {static_cast<int>(channel)};
          requests.params_changed = true;
          picked = true;
        }
        ImGui::PopID();
      }
    }
  }
  ImGui::EndChild();
  ImGui::TreePop();
  return picked;
}

}  // namespace livedream::ui
