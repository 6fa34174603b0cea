#include <imgui.h>
#include "ui/string_input.h"

#include <algorithm>

#include "core/error.h"
#include "ui/midi_learn.h"
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

// The chosen channels of term `index` of a strongN layer, from the resolved spec the session
// reports ("97+12+..."); empty until the engine has chosen (or when the spec is another's).
std::string strongest_channels(const std::string& resolved, size_t term_count, size_t index) {
  if (resolved.empty()) return {};
  try {
    const auto terms = parse_layers(resolved);
    if (terms.size() != term_count || terms[index].channels.empty()) return {};
    std::string out;
    for (size_t i = 0; i < terms[index].channels.size(); ++i) out += (i ? "+" : "") + std::to_string(terms[index].channels[i]);
    return out;
  } catch (const Error&) {
    return {};
  }
}

// Layer N's weight as OSC (and so MIDI) addresses it: N counts class terms too.
std::string weight_address(size_t index) { return "/livedream/layer/" + std::to_string(index) + "/weight"; }

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
    if (objective.is_class()) {  // a class of the classifier: its name and weight, no channels
      draw_class_term(objective, params.layers.size() > 1, remove, i, state, requests);
      ImGui::Separator();
      ImGui::PopID();
      continue;
    }
    const LayerChoice* info = find_layer(layers, objective.layer);

    // Layer: a combo of the model's layers with their channel counts.
    std::string preview = objective.layer;
    if (info)
      preview += "  (" + std::to_string(info->channels) + ")";
    else if (!layers.empty())
      preview += "  (not in this model)";
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
    midi_learn_menu(weight_address(i).c_str(), state, requests);

    if (objective.point) {
      row_label("Point");
      ImGui::Text("%.2f, %.2f", objective.point->x, objective.point->y);
      item_tooltip("The neuron at this place of the picture (relative x, y). Ctrl+click the dream to move it.");
      ImGui::SameLine();
      if (ImGui::SmallButton("Clear##point")) {
        objective.point.reset();
        requests.params_changed = true;
      }
    }
    if (objective.strongest > 0) {
      // The channels the engine chose on this picture (strongest first), from the layers in force.
      row_label("Strongest");
      const std::string chosen = strongest_channels(state.resolved_layers, params.layers.size(), i);
      ImGui::TextWrapped("%d: %s", objective.strongest, chosen.empty() ? "choosing..." : chosen.c_str());
      item_tooltip(
          "strongN: the N channels with the largest mean activation on the source picture, chosen when "
          "the dream starts or the layers change. Type the channels in to keep them for another picture.");
      ImGui::SameLine();
      if (ImGui::SmallButton("Off##strong")) {
        objective.strongest = 0;
        requests.params_changed = true;
      }
      ImGui::Separator();
      ImGui::PopID();
      continue;
    }

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
        current_channel_ = c;
        channel_text_.erase(i);
        requests.params_changed = true;
      }
      ImGui::SameLine();
      if (ImGui::Button("Random", ImVec2(-1, 0))) {
        random_ = random_ * 1664525u + 1013904223u;
        objective.channels = {static_cast<int>((random_ >> 8) % static_cast<uint32_t>(max_channel + 1))};
        current_channel_ = objective.channels[0];
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
              throw usage_error(
                  "channel " + std::to_string(ch) + " is beyond " + objective.layer + "'s " + std::to_string(info->channels) + " channels",
                  "channels count from 0");
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
  draw_spec(params, requests);
  if (!error_.empty()) ImGui::TextColored(error_color(), "%s", error_.c_str());
  if (wide_button("+ Add layer")) {
    LayerObjective added = params.layers.empty() ? LayerObjective{} : params.layers.back();
    added.channels.clear();
    added.weight = 1.0f;
    added.point.reset();
    added.strongest = 0;
    added.class_name.clear();
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

void LayersPanel::draw_class_term(LayerObjective& objective, bool removable, int& remove, size_t index, const ViewerUiState& state,
                                  UiRequests& requests) {
  ImGui::AlignTextToFramePadding();
  ImGui::Text("Class: %s", objective.class_name.c_str());
  item_tooltip("The classifier's logit for this class (class:NAME in the spec below).");
  if (removable) {
    ImGui::SameLine();
    if (ImGui::Button("x", ImVec2(ImGui::GetFrameHeight(), 0))) remove = static_cast<int>(index);
    item_tooltip("Remove this class from the objective");
  }
  row_label("Weight");
  if (slider_committed(ImGui::SliderFloat("##weight", &objective.weight, -2.0f, 4.0f, "%.2f"))) requests.params_changed = true;
  midi_learn_menu(weight_address(index).c_str(), state, requests);
}

// The whole objective as a spec, typed: class:NAME, strongN and channel@x,y terms have no widgets
// of their own to create them. Shown as the layers stand while not being edited.
void LayersPanel::draw_spec(DreamParams& params, UiRequests& requests) {
  row_label("Spec");
  if (!spec_editing_) spec_text_ = format_layers(params.layers);  // spec_editing_: the field was active last frame
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::InputTextWithHint("##spec", "inception_4c:97@0.3,0.6, class:tabby, inception_4c:strong8", &spec_text_,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    try {
      auto parsed = parse_layers(spec_text_);
      DreamParams checked = params;
      checked.layers = parsed;
      validate(checked);
      params.layers = std::move(parsed);
      channel_text_.clear();
      error_.clear();
      requests.params_changed = true;
    } catch (const Error& e) {
      error_ = e.what();
    }
  }
  spec_editing_ = ImGui::IsItemActive();
  item_tooltip(
      "The layers as text; Enter applies. name[:channels|:strongN][@x,y][:weight], or class:NAME[:weight].\n"
      "inception_4c:97@0.3,0.6: the neuron at relative x,y (Ctrl+click the dream places it);\n"
      "inception_4c:strong8: the picture's 8 strongest channels; class:tabby: a class's logit.");
}

}  // namespace livedream::ui
