#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "core/error.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {
namespace {

const LayerChoice* find_layer(const std::vector<LayerChoice>& layers, const std::string& name) {
  for (const auto& l : layers)
    if (l.name == name) return &l;
  return nullptr;
}

std::string channels_text(const std::vector<int>& channels) {
  std::string out;
  for (size_t i = 0; i < channels.size(); ++i) out += (i ? "+" : "") + std::to_string(channels[i]);
  return out;
}

}  // namespace

void LayersPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const auto& layers = state.model.layers;
  int remove = -1;
  for (size_t i = 0; i < params.layers.size(); ++i) {
    LayerObjective& objective = params.layers[i];
    ImGui::PushID(static_cast<int>(i));
    const LayerChoice* info = find_layer(layers, objective.layer);

    // Layer: a combo of the model's layers with their channel counts.
    std::string preview = objective.layer;
    if (info) preview += "  (" + std::to_string(info->channels) + ")";
    else if (!layers.empty()) preview += "  (not in this model)";
    const bool removable = params.layers.size() > 1;
    ImGui::SetNextItemWidth(removable ? -ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.x : -1.0f);
    if (!info && !layers.empty()) ImGui::PushStyleColor(ImGuiCol_Text, error_color());
    const bool open = ImGui::BeginCombo("##layer", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (!info && !layers.empty()) ImGui::PopStyleColor();
    if (open) {
      for (const auto& l : layers) {
        const std::string label = l.name + "  (" + std::to_string(l.channels) + " ch, stride " + std::to_string(l.stride) + ")";
        if (ImGui::Selectable(label.c_str(), l.name == objective.layer) && l.name != objective.layer) {
          objective.layer = l.name;
          objective.channels.clear();
          channel_text_.erase(i);
          requests.params_changed = true;
        }
      }
      ImGui::EndCombo();
    }
    if (removable) {
      ImGui::SameLine();
      if (ImGui::Button("x", ImVec2(ImGui::GetFrameHeight(), 0))) remove = static_cast<int>(i);
      item_tooltip("Remove this layer from the objective");
    }

    row_label("Weight");
    if (slider_committed(ImGui::SliderFloat("##weight", &objective.weight, -2.0f, 4.0f, "%.2f"))) requests.params_changed = true;

    bool pick = !objective.channels.empty();
    ImGui::AlignTextToFramePadding();
    if (ImGui::Checkbox("Channel", &pick)) {
      objective.channels = pick ? std::vector<int>{0} : std::vector<int>{};
      channel_text_.erase(i);
      requests.params_changed = true;
    }
    if (!pick) {
      ImGui::SameLine(label_width());
      ImGui::TextColored(dim_text_color(), "all channels");
    } else {
      const int max_channel = info ? static_cast<int>(info->channels) - 1 : 1023;
      int c = std::clamp(objective.channels[0], 0, std::max(0, max_channel));
      ImGui::SameLine(label_width());
      // Room for the whole "Random" button to its right, whatever the font.
      const ImGuiStyle& style = ImGui::GetStyle();
      ImGui::SetNextItemWidth(-(ImGui::CalcTextSize("Random").x + style.FramePadding.x * 2 + style.ItemSpacing.x));
      if (slider_committed(ImGui::SliderInt("##channel", &c, 0, std::max(0, max_channel)))) {
        objective.channels[0] = c;
        channel_text_.erase(i);
        requests.params_changed = true;
      }
      ImGui::SameLine();
      if (ImGui::Button("Random", ImVec2(-1, 0))) {
        random_ = random_ * 1664525u + 1013904223u;
        objective.channels = {static_cast<int>((random_ >> 8) % static_cast<uint32_t>(max_channel + 1))};
        channel_text_.erase(i);
        requests.params_changed = true;
      }
      auto [it, inserted] = channel_text_.try_emplace(i, channels_text(objective.channels));
      row_label("Channels");
      if (ImGui::InputTextWithHint("##channels", "e.g. 97+12", &it->second, ImGuiInputTextFlags_EnterReturnsTrue)) {
        try {
          const auto parsed = parse_layers("x:" + it->second);
          if (parsed[0].channels.empty()) throw usage_error("no channel given", "type channel numbers joined by +");
          for (int ch : parsed[0].channels)
            if (info && ch >= info->channels)
              throw usage_error("channel " + std::to_string(ch) + " is beyond " + objective.layer + "'s " +
                                    std::to_string(info->channels) + " channels", "channels count from 0");
          objective.channels = parsed[0].channels;
          error_.clear();
          requests.params_changed = true;
        } catch (const Error& e) {
          error_ = e.what();
        }
      }
      item_tooltip("Several channels joined by '+'; Enter applies");
    }
    ImGui::Separator();
    ImGui::PopID();
  }
  if (remove >= 0) {
    params.layers.erase(params.layers.begin() + remove);
    channel_text_.clear();
    requests.params_changed = true;
  }
  if (!error_.empty()) ImGui::TextColored(error_color(), "%s", error_.c_str());
  if (wide_button("+ Add layer")) {
    LayerObjective added = params.layers.empty() ? LayerObjective{} : params.layers.back();
    added.channels.clear();
    added.weight = 1.0f;
    if (!layers.empty()) {  // the next deeper layer than the last one, for variety
      const auto* last = find_layer(layers, added.layer);
      size_t index = last ? static_cast<size_t>(last - layers.data()) : layers.size() / 2;
      added.layer = layers[std::min(index + 1, layers.size() - 1)].name;
    }
    params.layers.push_back(added);
    requests.params_changed = true;
  }
  if (atlas_.draw(params, state, requests)) channel_text_.erase(0);  // the field shows the picked channel
}

}  // namespace livedream::ui
