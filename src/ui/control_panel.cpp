// The Control panel: MIDI controllers. Which MIDI system answered and its ports, MIDI learn's state
// (a right-click on a control starts it, ui/midi_learn.h), the bindings, each with a button to
// forget it, and the map file they are saved to and loaded from.
#include <imgui.h>

#include <string>
#include <string_view>

#include "ui/panels.h"
#include "ui/string_input.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {
namespace {

// Addresses without their common prefix: the table's column is narrow.
const char* short_address(const std::string& address) {
  constexpr std::string_view kPrefix = "/livedream/";
  return address.compare(0, kPrefix.size(), kPrefix) == 0 ? address.c_str() + kPrefix.size() : address.c_str();
}

void draw_ports(const MidiView& midi, int& port, UiRequests& requests) {
  if (port > static_cast<int>(midi.ports.size())) port = 0;  // a port that went away
  row_label("Port");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
  const char* preview = port == 0 ? "all ports" : midi.ports[static_cast<size_t>(port - 1)].c_str();
  if (ImGui::BeginCombo("##midi_port", preview)) {
    if (ImGui::Selectable("all ports", port == 0)) port = 0;
    for (size_t i = 0; i < midi.ports.size(); ++i)
      if (ImGui::Selectable(midi.ports[i].c_str(), port == static_cast<int>(i) + 1)) port = static_cast<int>(i) + 1;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Open##midi_port", ImVec2(-1, 0))) requests.midi_open = port == 0 ? "all" : midi.ports[static_cast<size_t>(port - 1)];
  item_tooltip("Listen to this port (all ports: every input there is, and those plugged in later)");
  if (midi.open.empty()) {
    ImGui::TextColored(dim_text_color(), "no port open");
    return;
  }
  for (const std::string& name : midi.open) ImGui::TextColored(accent_color(), "open: %s", name.c_str());
  if (ImGui::SmallButton("Close##midi_ports")) requests.midi_close = true;
  item_tooltip("Stop listening to the open ports (the bindings stay)");
}

void draw_learning(const MidiView& midi, UiRequests& requests) {
  if (midi.learning.empty()) {
    ImGui::TextColored(dim_text_color(), "Right-click a control > Learn MIDI to bind it");
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(accent_color(), "Move a control for %s...", midi.learning.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Cancel##midi_learn")) requests.midi_cancel_learn = true;
}

// A binding's settings in a popup: a knob's range, curve and pickup, a button's mode. Apply hands
// them out; the app checks them (a log curve through 0, a range outside the address's) and says why not.
void draw_binding_editor(const MidiBindingView& b, int index, int& editing, MidiBindingEdit& edit, UiRequests& requests) {
  if (ImGui::SmallButton((b.range + "##edit").c_str())) {
    editing = index;
    edit = b.now;
    ImGui::OpenPopup("edit binding");
  }
  item_tooltip("Edit: the range, the curve, pickup (knobs); trigger or toggle (buttons)");
  if (!ImGui::BeginPopup("edit binding")) return;
  ImGui::TextColored(dim_text_color(), "%s -> %s", b.source.c_str(), b.address.c_str());
  ImGui::Separator();
  if (b.knob) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputDouble("min", &edit.min, 0, 0, "%.6g");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputDouble("max", &edit.max, 0, 0, "%.6g");
    int curve = edit.log ? 1 : 0;
    const char* curves[] = {"linear", "log"};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::Combo("curve", &curve, curves, 2)) edit.log = curve == 1;
    ImGui::Checkbox("pickup (soft takeover)", &edit.pickup);
  } else {
    int mode = edit.toggle ? 1 : 0;
    const char* modes[] = {"trigger", "toggle"};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::Combo("mode", &mode, modes, 2)) edit.toggle = mode == 1;
  }
  if (ImGui::Button("Apply")) {
    requests.midi_edit = editing;
    requests.midi_edit_to = edit;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_bindings(const MidiView& midi, int& editing, MidiBindingEdit& edit, UiRequests& requests) {
  if (midi.bindings.empty()) {
    ImGui::TextColored(dim_text_color(), "no bindings");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##midi_bindings", 4, flags)) return;
  ImGui::TableSetupColumn("Control", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Address", ImGuiTableColumnFlags_WidthStretch, 1.3f);
  ImGui::TableSetupColumn("Range", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < midi.bindings.size(); ++i) {
    const MidiBindingView& b = midi.bindings[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(b.source.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(short_address(b.address));
    item_tooltip(b.address.c_str());
    ImGui::TableNextColumn();
    draw_binding_editor(b, static_cast<int>(i), editing, edit, requests);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("x")) requests.midi_forget = static_cast<int>(i);
    item_tooltip("Forget this binding");
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void ControlPanel::draw(const ViewerUiState& state, UiRequests& requests) {
  const MidiView& midi = state.midi;
  // The field takes the state's file when that changes (a save, a load, --midi-map) and is the
  // user's to edit in between.
  if (midi.map_file != followed_map_file_) map_file_ = followed_map_file_ = midi.map_file;
  if (!ImGui::CollapsingHeader("MIDI", ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (midi.available) {
    ImGui::TextColored(accent_color(), "MIDI via %s", midi.system.c_str());
  } else {
    ImGui::TextColored(warning_color(), "no MIDI system");
    if (!midi.error.empty()) ImGui::TextWrapped("%s", midi.error.c_str());
  }
  ImGui::BeginDisabled(!midi.available);
  draw_ports(midi, port_, requests);
  ImGui::EndDisabled();
  ImGui::Separator();

  draw_learning(midi, requests);
  ImGui::TextColored(dim_text_color(), "last: %s", midi.last_event.empty() ? "nothing yet" : midi.last_event.c_str());
  ImGui::TextColored(dim_text_color(), "%llu acted, %llu unbound, %llu malformed", static_cast<unsigned long long>(midi.acted),
                     static_cast<unsigned long long>(midi.unbound), static_cast<unsigned long long>(midi.malformed));
  item_tooltip("Messages that moved a control or were learned; that no binding listens to; that were not MIDI at all");
  draw_bindings(midi, editing_, edit_, requests);

  row_label("Map file");
  ImGui::InputTextWithHint("##midi_map", "midi-map.json", &map_file_);
  ImGui::BeginDisabled(map_file_.empty());
  if (wide_button("Save##midi_map", 0.5f)) requests.midi_save_map = map_file_;
  item_tooltip("Writes the bindings to this file (JSON, as --midi-map reads it)");
  ImGui::SameLine();
  if (wide_button("Load##midi_map")) requests.midi_load_map = map_file_;
  item_tooltip("Replaces the bindings with this file's");
  ImGui::EndDisabled();
  if (midi.available && !midi.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, error_color());
    ImGui::TextWrapped("%s", midi.error.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace livedream::ui
