#include "ui/midi_learn.h"

#include <imgui.h>

#include <string>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {

void midi_learn_menu(const char* osc_address, const ViewerUiState& state, UiRequests& requests, const std::string& text) {
  const MidiView& midi = state.midi;
  const std::string key = text.empty() ? std::string(osc_address) : std::string(osc_address) + " " + text;
  const bool learning = midi.learning == key;
  const auto binding = midi.bound.find(key);
  const bool bound = binding != midi.bound.end();

  if (learning) {  // the next knob moved lands here: show which control that is
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float pad = 2.0f;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - pad, min.y - pad), ImVec2(max.x + pad, max.y + pad),
                                        ImGui::GetColorU32(accent_color()), ImGui::GetStyle().FrameRounding, 2.0f);
  }
  // With the same hover test as item_tooltip: a second BeginTooltip in a frame adds to the first,
  // so the control's own tooltip keeps its text and gains this line.
  if (bound && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::TextColored(accent_color(), "MIDI: %s", binding->second.c_str());
    ImGui::EndTooltip();
  }

  ImGui::PushID(key.c_str());
  // Opened by hand rather than by BeginPopupContextItem, which ignores a disabled control: one
  // greyed out now (Steps with one octave) can still be bound for later.
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
      ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled | ImGuiHoveredFlags_AllowWhenBlockedByPopup))
    ImGui::OpenPopup("midi learn");
  if (ImGui::BeginPopup("midi learn")) {
    ImGui::TextColored(dim_text_color(), "%s", key.c_str());
    ImGui::Separator();
    if (!midi.available) ImGui::TextColored(warning_color(), "no MIDI system: see the Control panel");
    ImGui::BeginDisabled(!midi.available);
    if (learning) {
      if (ImGui::MenuItem("Cancel learning")) requests.midi_cancel_learn = true;
    } else {
      if (ImGui::MenuItem("Learn MIDI")) {
        requests.midi_learn = osc_address;
        requests.midi_learn_text = text;
      }
      item_tooltip("Then move a knob or fader, or press a pad or key: it drives this control.");
    }
    ImGui::EndDisabled();
    // Forgetting edits the map only: it needs no MIDI system.
    if (bound && ImGui::MenuItem(("Forget MIDI (" + binding->second + ")").c_str())) requests.midi_forget_address = key;
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

}  // namespace livedream::ui
