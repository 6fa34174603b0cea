// The performing panels, driven headless. MIDI learn: a right-click on a control opens its menu
// (Learn MIDI, Cancel learning, Forget MIDI) and the clicks become requests naming the control's
// OSC address; the Control panel's binding rows and map file buttons ask for what they say; the
// Output panel starts and stops the stream and the virtual camera.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "support/catch.h"
#include "support/headless_imgui.h"
#include "ui/panels.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

using HeadlessImGui = test::HeadlessImGui;
constexpr const char* kWindow = "panel";

// One panel in a window of its own at the top left, drawn by `draw` each frame.
struct PanelHarness {
  ViewerUiState state;
  DreamParams params;
  std::function<void(UiRequests&)> draw;
  PanelHarness() {
    state.midi.available = true;
    state.midi.system = "ALSA";
  }
  UiRequests frame() {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 700));
    ImGui::Begin(kWindow);
    UiRequests requests;
    draw(requests);
    ImGui::End();
    ImGui::Render();
    return requests;
  }
};

// Where `id` of `window` is hovered at x, found by hovering down the window a few pixels at a time
// (ImGui keeps no table of item positions); nothing when no item there has that id.
std::optional<ImVec2> find_item(ImGuiWindow* window, ImGuiID id, float x, PanelHarness& h) {
  REQUIRE(window != nullptr);
  const ImVec2 pos = window->Pos, size = window->Size;  // a popup's may change while hovering it
  for (float y = pos.y; y < pos.y + size.y; y += 2.0f) {
    ImGui::GetIO().MousePos = ImVec2(x, y);
    h.frame();
    if (ImGui::GetCurrentContext()->HoveredId == id) return ImVec2(x, y);
  }
  return std::nullopt;
}

ImVec2 item_at(const char* label, float x, PanelHarness& h) {
  ImGuiWindow* w = ImGui::FindWindowByName(kWindow);
  REQUIRE(w != nullptr);
  const auto pos = find_item(w, w->GetID(label), x, h);
  if (!pos) FAIL("no item " << label << " in the panel");
  return *pos;
}

// The context menu open now, if any.
ImGuiWindow* open_menu() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  return g.OpenPopupStack.empty() ? nullptr : g.OpenPopupStack.back().Window;
}

// Right-clicks at `pos` (ImGui opens a context menu on the release) and lets the menu appear.
UiRequests right_click(ImVec2 pos, PanelHarness& h) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  h.frame();
  io.MouseDown[1] = true;
  h.frame();
  io.MouseDown[1] = false;
  const UiRequests released = h.frame();
  h.frame();
  h.frame();
  return released;
}

// The open menu's item `label`, where the pointer hovers it; nothing when the menu has no such item.
std::optional<ImVec2> menu_item(const char* label, PanelHarness& h) {
  ImGuiWindow* menu = open_menu();
  REQUIRE(menu != nullptr);
  return find_item(menu, menu->GetID(label), menu->Pos.x + menu->Size.x * 0.5f, h);
}

UiRequests click_menu_item(const char* label, PanelHarness& h) {
  const auto pos = menu_item(label, h);
  if (!pos) FAIL("the menu has no item " << label);
  return test::click_at(*pos, [&] { return h.frame(); });
}

struct StepHarness : PanelHarness {
  StepPanel panel;
  StepHarness() {
    draw = [this](UiRequests& r) { panel.draw(params, state, r); };
  }
};

}  // namespace

TEST_CASE("a right-click on an Ascent control offers Learn MIDI, which asks to learn that control's OSC address") {
  HeadlessImGui imgui;
  StepHarness h;
  h.frame();
  h.frame();
  // Steps is greyed out with one octave (the default) and can be bound all the same.
  REQUIRE(h.params.octaves == 1);
  const std::vector<std::pair<const char*, std::string>> controls = {{"##step", "/livedream/step_size"},
                                                                     {"##steps", "/livedream/steps"},
                                                                     {"##jitter", "/livedream/jitter"},
                                                                     {"##max_dim", "/livedream/max_dim"}};
  for (const auto& [label, address] : controls) {
    INFO(label);
    const UiRequests opened = right_click(item_at(label, 250, h), h);
    CHECK(opened.midi_learn.empty());  // the menu opens; nothing asked yet
    CHECK_FALSE(opened.params_changed);
    REQUIRE(open_menu() != nullptr);
    CHECK_FALSE(menu_item("Cancel learning", h).has_value());  // nothing is learning
    CHECK_FALSE(menu_item("Forget MIDI (CC 7 ch 1)", h).has_value());
    const UiRequests r = click_menu_item("Learn MIDI", h);
    CHECK(r.midi_learn == address);
    CHECK_FALSE(r.midi_cancel_learn);
    CHECK(r.midi_forget_address.empty());
    CHECK_FALSE(r.params_changed);
    h.frame();
    CHECK(open_menu() == nullptr);  // the click closed it
  }
}

TEST_CASE("the control waiting for MIDI is outlined, and its menu offers Cancel learning instead of Learn MIDI") {
  HeadlessImGui imgui;
  StepHarness h;
  ImGui::GetIO().MousePos = ImVec2(390, 690);  // over nothing
  h.frame();
  h.frame();
  const int plain = ImGui::FindWindowByName(kWindow)->DrawList->VtxBuffer.Size;
  h.state.midi.learning = "/livedream/step_size";
  h.frame();
  CHECK(ImGui::FindWindowByName(kWindow)->DrawList->VtxBuffer.Size > plain);  // the outline
  h.state.midi.learning = "/livedream/jitter";                                // another control's turn
  const UiRequests opened = right_click(item_at("##step", 250, h), h);
  CHECK_FALSE(opened.midi_cancel_learn);
  CHECK(menu_item("Learn MIDI", h).has_value());  // Step size is not the one waiting
  click_menu_item("Learn MIDI", h);
  h.state.midi.learning = "/livedream/step_size";
  right_click(item_at("##step", 250, h), h);
  CHECK_FALSE(menu_item("Learn MIDI", h).has_value());
  const UiRequests r = click_menu_item("Cancel learning", h);
  CHECK(r.midi_cancel_learn);
  CHECK(r.midi_learn.empty());
}

TEST_CASE("a bound control's menu offers Forget MIDI naming its MIDI control, and its tooltip names it too") {
  HeadlessImGui imgui;
  StepHarness h;
  h.frame();
  h.frame();
  // The tooltip Step size has of its own, then with the binding's line added to it.
  const ImVec2 step = item_at("##step", 250, h);
  h.frame();
  ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
  REQUIRE(tooltip != nullptr);
  REQUIRE(tooltip->Active);
  const float own_height = tooltip->Size.y;
  h.state.midi.bound = {{"/livedream/step_size", "CC 7 ch 1"}, {"/livedream/jitter", "note C4 ch 10"}};
  for (int i = 0; i < 3; ++i) h.frame();  // the tooltip fits its new text over a frame or two
  CHECK(tooltip->Active);
  CHECK(tooltip->Size.y > own_height);                        // one more line
  CHECK(ImGui::FindWindowByName("##Tooltip_01") == nullptr);  // in the same tooltip, not over it

  right_click(step, h);
  CHECK(menu_item("Learn MIDI", h).has_value());  // learning it again replaces the binding
  const UiRequests r = click_menu_item("Forget MIDI (CC 7 ch 1)", h);
  CHECK(r.midi_forget_address == "/livedream/step_size");
  CHECK(r.midi_learn.empty());
  CHECK(r.midi_forget < 0);
}

TEST_CASE("without a MIDI system Learn MIDI is greyed out and asks for nothing") {
  HeadlessImGui imgui;
  StepHarness h;
  h.state.midi.available = false;
  h.state.midi.error = "no ALSA sequencer (/dev/snd/seq): MIDI is off";
  h.frame();
  h.frame();
  right_click(item_at("##step", 250, h), h);
  REQUIRE(open_menu() != nullptr);
  const auto learn = menu_item("Learn MIDI", h);
  REQUIRE(learn);
  CHECK(ImGui::GetCurrentContext()->HoveredIdIsDisabled);
  const UiRequests r = test::click_at(*learn, [&] { return h.frame(); });
  CHECK(r.midi_learn.empty());
  CHECK(open_menu() != nullptr);  // a greyed-out item does not close the menu either
}

TEST_CASE("a right-click on a playback button offers Learn MIDI for its action, and a left click still does the action") {
  HeadlessImGui imgui;
  PanelHarness h;
  PlaybackPanel panel;
  h.draw = [&](UiRequests& r) { panel.draw(h.params, h.state, r); };
  h.frame();
  h.frame();
  const ImVec2 pause = item_at("Pause", 30, h);
  right_click(pause, h);
  CHECK(click_menu_item("Learn MIDI", h).midi_learn == "/livedream/pause");
  h.frame();
  const UiRequests clicked = test::click_at(pause, [&] { return h.frame(); });
  CHECK(clicked.toggle_pause);
  CHECK(clicked.midi_learn.empty());
  CHECK(open_menu() == nullptr);

  const ImVec2 record = item_at("Record", 330, h);
  right_click(record, h);
  CHECK(click_menu_item("Learn MIDI", h).midi_learn == "/livedream/record");
}

TEST_CASE("each layer's weight learns its own layer's address") {
  HeadlessImGui imgui;
  PanelHarness h;
  LayersPanel panel;
  h.params.layers = {{"inception_3b", 1.0f, {}}, {"inception_4c", 0.5f, {}}};
  h.draw = [&](UiRequests& r) { panel.draw(h.params, h.state, r); };
  h.frame();
  h.frame();
  ImGuiWindow* w = ImGui::FindWindowByName(kWindow);
  const auto second_weight = find_item(w, ImHashStr("##weight", 0, w->GetID(1)), 250, h);  // under the row's PushID(1)
  REQUIRE(second_weight);
  right_click(*second_weight, h);
  CHECK(click_menu_item("Learn MIDI", h).midi_learn == "/livedream/layer/1/weight");
}

namespace {

struct ControlHarness : PanelHarness {
  ControlPanel panel;
  ControlHarness() {
    state.midi.ports = {"nanoKONTROL2 MIDI 1", "Launchpad Mini"};
    state.midi.bindings = {{"CC 7 ch 1", "/livedream/step_size", "0.001..0.2 log", true, {0.001, 0.2, true, true, false}},
                           {"CC 8 ch 1", "/livedream/zoom", "0.5..2 log", true, {0.5, 2, true, true, false}},
                           {"note C4 ch 10", "/livedream/pause", "toggle", false, {0, 0, false, true, true}}};
    state.midi.map_file = "maps/nano.json";
    draw = [this](UiRequests& r) { panel.draw(state, r); };
  }
};

// Where each item down column `column` of the Control panel's binding table is, top to bottom (the
// header first), found by hovering down the column's middle.
template <class Harness>
std::vector<ImVec2> binding_column_items(int column, Harness& h) {
  ImGuiWindow* w = ImGui::FindWindowByName(kWindow);
  ImGuiTable* table = ImGui::TableFindByID(w->GetID("##midi_bindings"));
  REQUIRE(table != nullptr);
  const ImGuiTableColumn& c = table->Columns[column];
  const float x = c.MinX + std::min(12.0f, (c.MaxX - c.MinX) * 0.5f);
  std::vector<ImVec2> items;
  std::set<ImGuiID> seen;
  for (float y = table->OuterRect.Min.y; y < std::min(table->OuterRect.Max.y, w->Pos.y + w->Size.y); y += 2.0f) {
    ImGui::GetIO().MousePos = ImVec2(x, y);
    h.frame();
    const ImGuiID hovered = ImGui::GetCurrentContext()->HoveredId;
    if (hovered != 0 && seen.insert(hovered).second) items.push_back(ImVec2(x, y));
  }
  return items;
}
}  // namespace

TEST_CASE("the Control panel's x on a binding's row asks to forget that binding, by its index") {
  HeadlessImGui imgui;
  ControlHarness h;
  h.frame();
  h.frame();
  // The items down the last column, top to bottom: its header, then a button per row.
  const std::vector<ImVec2> items = binding_column_items(3, h);
  REQUIRE(items.size() == 4);
  CHECK(test::click_at(items[0], [&] { return h.frame(); }).midi_forget == -1);  // the header
  for (int row : {1, 2, 0}) {
    const UiRequests r = test::click_at(items[static_cast<size_t>(row) + 1], [&] { return h.frame(); });
    CHECK(r.midi_forget == row);
    CHECK(r.midi_forget_address.empty());
  }
}

TEST_CASE("the Control panel's map file field starts from the state's file, and Save and Load ask for the field's text") {
  HeadlessImGui imgui;
  ControlHarness h;
  h.frame();
  h.frame();
  const ImVec2 save = item_at("Save##midi_map", 100, h);
  const UiRequests saved = test::click_at(save, [&] { return h.frame(); });
  CHECK(saved.midi_save_map == "maps/nano.json");
  CHECK(saved.midi_load_map.empty());
  // A map loaded another way (OSC, a restart) becomes the field's text.
  h.state.midi.map_file = "maps/launchpad.json";
  h.frame();
  const ImVec2 load = item_at("Load##midi_map", 300, h);
  const UiRequests loaded = test::click_at(load, [&] { return h.frame(); });
  CHECK(loaded.midi_load_map == "maps/launchpad.json");
  CHECK(loaded.midi_save_map.empty());
}

TEST_CASE("the Control panel opens the port picked, or all ports, and closes the open ones") {
  HeadlessImGui imgui;
  ControlHarness h;
  h.frame();
  h.frame();
  const ImVec2 open = item_at("Open##midi_port", 380, h);
  CHECK(test::click_at(open, [&] { return h.frame(); }).midi_open == "all");
  h.state.midi.open = {"nanoKONTROL2 MIDI 1"};
  h.frame();
  h.frame();
  CHECK(test::click_at(item_at("Close##midi_ports", 20, h), [&] { return h.frame(); }).midi_close);
  // Without a MIDI system there is nothing to open.
  h.state.midi.available = false;
  h.frame();
  CHECK(test::click_at(open, [&] { return h.frame(); }).midi_open.empty());
}

TEST_CASE("a right-click on the preset's Load button learns a pad for that preset, by its name") {
  HeadlessImGui imgui;
  PanelHarness h;
  h.state.presets = {"/presets/classic.json", "/presets/tutorial.json"};
  h.state.active_preset = "/presets/tutorial.json";
  PresetsPanel panel;
  h.draw = [&](UiRequests& r) { panel.draw(h.params, h.state, r); };
  h.frame();
  h.frame();
  const ImVec2 load = item_at("Load##preset", 380, h);
  right_click(load, h);
  const UiRequests learn = click_menu_item("Learn MIDI", h);
  CHECK(learn.midi_learn == "/livedream/preset");
  CHECK(learn.midi_learn_text == "tutorial");  // the preset the combo shows
  // Bound: its menu forgets that preset's pad, by "address name".
  h.state.midi.bound["/livedream/preset tutorial"] = "note C2 ch 10";
  h.frame();
  right_click(load, h);
  CHECK(click_menu_item("Forget MIDI (note C2 ch 10)", h).midi_forget_address == "/livedream/preset tutorial");
}

TEST_CASE("the Output panel starts a stream at the URL and bit rate shown and stops it, and starts the virtual camera") {
  HeadlessImGui imgui;
  PanelHarness h;
  h.state.outputs.stream_url = "udp://127.0.0.1:5000";  // --stream-out: the field starts with it
  h.state.outputs.stream_bitrate = "2500k";
  h.state.outputs.camera_device = "/dev/video7";
  OutputPanel panel;
  h.draw = [&](UiRequests& r) { panel.draw(h.state, r); };
  h.frame();
  h.frame();
  const UiRequests start = test::click_at(item_at("Start##stream", 170, h), [&] { return h.frame(); });
  CHECK(start.start_stream == "udp://127.0.0.1:5000");
  CHECK(start.stream_bitrate == "2500k");
  CHECK_FALSE(start.stop_stream);
  // Running: the button stops it.
  h.state.outputs.stream.running = true;
  h.state.outputs.stream.target = "udp://127.0.0.1:5000 (H.264, MPEG-TS)";
  h.frame();
  h.frame();
  const UiRequests stop = test::click_at(item_at("Stop##stream", 170, h), [&] { return h.frame(); });
  CHECK(stop.stop_stream);
  CHECK(stop.start_stream.empty());
  CHECK(test::click_at(item_at("Start##camera", 165, h), [&] { return h.frame(); }).start_camera == "/dev/video7");
}

TEST_CASE("the Control panel edits a binding: its range cell opens the settings, Apply hands them out") {
  HeadlessImGui imgui;
  ControlHarness h;
  h.frame();
  h.frame();
  // The items down the Range column: its header, then the range button of each row.
  const std::vector<ImVec2> cells = binding_column_items(2, h);
  REQUIRE(cells.size() == 4);
  // The first row: a knob's settings as they are; pickup switched off, then Apply.
  test::click_at(cells[1], [&] { return h.frame(); });
  ImGuiWindow* editor = open_menu();
  REQUIRE(editor != nullptr);
  h.frame();
  const auto pickup = find_item(editor, editor->GetID("pickup (soft takeover)"), editor->Pos.x + 16, h);
  REQUIRE(pickup);
  test::click_at(*pickup, [&] { return h.frame(); });
  const auto apply = find_item(editor, editor->GetID("Apply"), editor->Pos.x + 20, h);
  REQUIRE(apply);
  const UiRequests r = test::click_at(*apply, [&] { return h.frame(); });
  CHECK(r.midi_edit == 0);
  CHECK(r.midi_edit_to.min == 0.001);
  CHECK(r.midi_edit_to.max == 0.2);
  CHECK(r.midi_edit_to.log);
  CHECK_FALSE(r.midi_edit_to.pickup);
  CHECK(open_menu() == nullptr);
  // The pad's row edits its mode, and Apply names that row.
  h.frame();
  test::click_at(cells[3], [&] { return h.frame(); });
  editor = open_menu();
  REQUIRE(editor != nullptr);
  h.frame();
  const auto apply_pad = find_item(editor, editor->GetID("Apply"), editor->Pos.x + 20, h);
  REQUIRE(apply_pad);
  const UiRequests pad = test::click_at(*apply_pad, [&] { return h.frame(); });
  CHECK(pad.midi_edit == 2);
  CHECK(pad.midi_edit_to.toggle);
}
