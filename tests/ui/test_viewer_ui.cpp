// The viewer's UI driven headless: Dear ImGui runs without a GPU (the draw data is simply not
// rendered), so keys and clicks can be simulated and the requests checked.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <string>
#include <vector>
#include <utility>

#include "core/dream_params.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/headless_imgui.h"
#include "ui/dream_area.h"
#include "ui/keymap.h"
#include "ui/theme.h"
#include "ui/panels.h"
#include "ui/ui_terms.h"
#include "ui/widgets.h"
#include "ui/viewer_ui.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

using HeadlessImGui = test::HeadlessImGui;

struct Harness {
  ViewerUi ui;
  ViewerUiState state;
  render::ViewState view;
  DreamParams params;
  render::PixelRect area;
  std::vector<float> losses = {1, 2, 3};  // the stats panel draws a view of it
  Harness() {
    state.view = &view;
    state.model.loaded_path = "/models/googlenet_bvlc.pt";
    state.model.device = "cpu";
    state.model.layers = {{"inception_3b", 480, 8}, {"inception_4c", 512, 16}, {"inception_5b", 1024, 32}};
    state.stats.width = 500;
    state.stats.height = 333;
    state.stats.loss_history = losses;
  }
  bool probe_popup = false;  // a drop-down of the test's own, open until closed
  UiRequests frame() {
    ImGui::NewFrame();
    if (probe_popup) {
      ImGui::OpenPopup("probe");
      probe_popup = false;
    }
    if (ImGui::BeginPopup("probe")) {
      ImGui::TextUnformatted("an open drop-down");
      ImGui::EndPopup();
    }
    UiRequests requests;
    area = ui.draw(params, state, requests);
    ImGui::Render();
    return requests;
  }
};

}  // namespace

TEST_CASE("every key has one binding, a name and a description, and the help lists them") {
  std::set<std::tuple<ImGuiKey, bool, bool>> keys;  // a key with or without Shift, with or without Ctrl
  std::set<KeyAction> actions;
  for (const auto& b : key_bindings()) {
    CHECK(keys.insert({b.key, b.shift, b.ctrl}).second);
    CHECK(actions.insert(b.action).second);
    CHECK(std::string(b.key_name).size() > 0);
    CHECK(std::string(b.description).size() > 5);
    CHECK(b.shift == (std::string(b.key_name).rfind("Shift+", 0) == 0));  // the name says so
    CHECK(b.ctrl == (std::string(b.key_name).rfind("Ctrl ", 0) == 0));
  }
  CHECK(actions.size() == 12);  // Space S R F12 Shift+F12 F9 F11 Tab H Esc, Ctrl + and Ctrl -
  for (ImGuiKey key :
       {ImGuiKey_Space, ImGuiKey_S, ImGuiKey_R, ImGuiKey_F12, ImGuiKey_F9, ImGuiKey_F11, ImGuiKey_Tab, ImGuiKey_H, ImGuiKey_Escape})
    CHECK(keys.count({key, false, false}) == 1);
  CHECK(keys.count({ImGuiKey_F12, true, false}) == 1);
  CHECK(keys.count({ImGuiKey_Equal, false, true}) == 1);
  CHECK(keys.count({ImGuiKey_Minus, false, true}) == 1);
}

TEST_CASE("the UI leaves the dream area right of the panel and below the menu bar, or all of the window with the panels hidden") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  h.frame();
  CHECK(h.area.x > 250);
  CHECK(h.area.y > 10);
  CHECK(h.area.x + h.area.w == Approx(1280));
  CHECK(h.area.y + h.area.h == Approx(800));
  h.ui.panels_visible = false;
  h.frame();
  CHECK(h.area.x == 0);
  CHECK(h.area.y == 0);
  CHECK(h.area.w == 1280);
}

TEST_CASE("keys become requests, and Esc closes the help before it quits") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  ImGuiIO& io = ImGui::GetIO();
  auto press = [&](ImGuiKey key) {
    // As the GLFW backend does: a key event down, a frame, a key event up.
    io.AddKeyEvent(key, true);
    UiRequests r = h.frame();
    io.AddKeyEvent(key, false);
    h.frame();
    return r;
  };
  CHECK(press(ImGuiKey_Space).toggle_pause);
  CHECK(press(ImGuiKey_S).single_step);
  CHECK(press(ImGuiKey_R).reset);
  const UiRequests f12 = press(ImGuiKey_F12);
  CHECK(f12.screenshot);
  CHECK_FALSE(f12.screenshot_window);
  io.AddKeyEvent(ImGuiMod_Shift, true);
  const UiRequests shift_f12 = press(ImGuiKey_F12);
  io.AddKeyEvent(ImGuiMod_Shift, false);
  CHECK(shift_f12.screenshot_window);
  CHECK_FALSE(shift_f12.screenshot);
  CHECK(press(ImGuiKey_F9).toggle_recording);
  CHECK(press(ImGuiKey_F11).toggle_fullscreen);
  press(ImGuiKey_H);
  CHECK(h.ui.help_open);
  UiRequests esc = press(ImGuiKey_Escape);
  CHECK_FALSE(esc.quit);
  CHECK_FALSE(h.ui.help_open);
  CHECK(press(ImGuiKey_Escape).quit);
  // Last: with the panels still drawn here (the harness does not apply toggle_ui), ImGui's Tab
  // also moves the keyboard focus into a text field, where keys are text.
  CHECK(press(ImGuiKey_Tab).toggle_ui);
}

TEST_CASE("a click on the panel's first button asks to pause") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  h.frame();  // the docked layout is in place from the second frame
  const float bar = h.area.y;
  REQUIRE(bar > 10);
  // The Pause button: first item of the side panel.
  const UiRequests r = test::click_at(ImVec2(30, bar + 18), [&] { return h.frame(); });
  CHECK(r.toggle_pause);
  CHECK_FALSE(r.params_changed);
}

TEST_CASE("toasts stack inside the dream area and report where they are") {
  HeadlessImGui imgui;
  Harness h;
  h.ui.toasts().push(ToastLevel::Error, "model file x.pt is not a TorchScript archive (pick another)");
  h.ui.toasts().push(ToastLevel::Info, "saved captures/a.png");
  h.frame();
  h.frame();
  REQUIRE(h.ui.toasts().last_rects().size() == 2);
  for (const auto& r : h.ui.toasts().last_rects()) {
    CHECK(r[0] >= h.area.x);
    CHECK(r[1] >= h.area.y);
    CHECK(r[0] + r[2] <= h.area.x + h.area.w);
    CHECK(r[1] + r[3] <= h.area.y + h.area.h);
  }
  CHECK(h.ui.toasts().log().size() == 2);
}

namespace {
UiRequests press_key(Harness& h, ImGuiKey key) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(key, true);
  UiRequests r = h.frame();
  io.AddKeyEvent(key, false);
  h.frame();
  return r;
}
}  // namespace

TEST_CASE("Esc closes an open menu or drop-down instead of quitting") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  h.probe_popup = true;
  h.frame();
  h.frame();
  REQUIRE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
  CHECK_FALSE(press_key(h, ImGuiKey_Escape).quit);
  CHECK_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
  CHECK(press_key(h, ImGuiKey_Escape).quit);  // nothing open, a young dream: quits at once
}

TEST_CASE("quitting a dream that has run for a while asks once: Esc again or Enter confirms, a click elsewhere keeps it") {
  HeadlessImGui imgui;
  Harness h;
  h.state.dream_seconds = 30;
  h.state.last_capture = "captures/livedream-20261130-050000-001.png";
  h.frame();
  CHECK_FALSE(press_key(h, ImGuiKey_Escape).quit);
  CHECK(h.ui.quit_confirm_open());
  CHECK(press_key(h, ImGuiKey_Escape).quit);

  CHECK_FALSE(press_key(h, ImGuiKey_Escape).quit);
  REQUIRE(h.ui.quit_confirm_open());
  CHECK(press_key(h, ImGuiKey_Enter).quit);

  CHECK_FALSE(press_key(h, ImGuiKey_Escape).quit);
  REQUIRE(h.ui.quit_confirm_open());
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(1200, 780);  // far from the box, over the dream
  h.frame();
  io.MouseDown[0] = true;
  const UiRequests click = h.frame();
  io.MouseDown[0] = false;
  h.frame();
  CHECK_FALSE(click.quit);
  CHECK_FALSE(h.ui.quit_confirm_open());
}

TEST_CASE("a value typed into a slider applies on Enter, not at every keystroke") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  float value = 0.01f;
  std::vector<bool> committed;
  auto frame = [&] {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 100));
    ImGui::Begin("sliders");
    ImGui::SetCursorPos(ImVec2(10, 30));
    ImGui::SetNextItemWidth(200);
    committed.push_back(slider_committed(ImGui::SliderFloat("##step", &value, 0.0005f, 0.2f, "%.4f")));
    ImGui::End();
    ImGui::Render();
  };
  frame();
  frame();
  // Ctrl+click turns the slider into a text field.
  io.MousePos = ImVec2(100, 38);
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  frame();
  io.MouseDown[0] = true;
  frame();
  io.MouseDown[0] = false;
  io.AddKeyEvent(ImGuiMod_Ctrl, false);
  frame();
  frame();
  REQUIRE(io.WantTextInput);
  committed.clear();
  // Select all and type 0.015, one character a frame.
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(ImGuiKey_A, true);
  frame();
  io.AddKeyEvent(ImGuiKey_A, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, false);
  frame();
  for (char c : std::string("0.015")) {
    io.AddInputCharacter(static_cast<unsigned>(c));
    frame();
  }
  for (bool c : committed) CHECK_FALSE(c);  // "0", "0.", "0.0" never went to the dream
  committed.clear();
  io.AddKeyEvent(ImGuiKey_Enter, true);
  frame();
  io.AddKeyEvent(ImGuiKey_Enter, false);
  frame();
  CHECK(value == Approx(0.015f));
  CHECK(std::count(committed.begin(), committed.end(), true) >= 1);
}

TEST_CASE("parameter errors in the window name the controls, not the command-line flags") {
  // validate()'s own message, as the viewer shows it when a typed value is refused.
  DreamParams p;
  p.step_size = 5;
  std::string refused;
  try {
    validate(p);
  } catch (const Error& e) {
    refused = e.what();
  }
  CHECK(in_ui_terms(refused) == "Step size: 5 is outside 0.00001..1 (use Step size 0.00001..1)");
  CHECK(in_ui_terms("octave scale 0.9 (use --octave-scale 1.01..4, or --octaves 1)") ==
        "octave scale 0.9 (use Octave scale 1.01..4, or Octaves 1)");
  CHECK(in_ui_terms("use --max-dim 0..16384") == "use Resolution 0..16384");
  CHECK(in_ui_terms("see --steps-per-frame") == "see --steps-per-frame");  // not a control: unchanged
}

TEST_CASE("Ctrl+click on the dream places the first layer term's neuron point there and starts no drag") {
  HeadlessImGui imgui;
  Harness h;
  h.params.layers = parse_layers("class:tabby,inception_4c");
  h.frame();
  const int image_w = 500, image_h = 333;
  const render::PixelRect area = to_framebuffer(h.area);
  const render::PixelRect image = render::image_rect(image_w, image_h, area, h.view);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(image.x + image.w * 0.25f, image.y + image.h * 0.75f);
  // One frame as the viewer runs it: the panels, the view's gestures, then the point.
  auto click = [&](bool ctrl) {
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    h.frame();
    io.MouseDown[0] = true;
    ImGui::NewFrame();
    UiRequests requests;
    h.ui.draw(h.params, h.state, requests);
    ViewGestures gestures;
    handle_view_gestures(h.view, gestures, area, image_w, image_h);
    const auto point = point_clicked(area, image_w, image_h, h.view);
    ImGui::Render();
    io.MouseDown[0] = false;
    h.frame();
    return std::pair{point, gestures.dragging};
  };
  const auto [point, dragging] = click(true);
  REQUIRE(point);
  CHECK(point->x == Approx(0.25f).margin(0.01));
  CHECK(point->y == Approx(0.75f).margin(0.01));
  CHECK_FALSE(dragging);
  REQUIRE(place_point(h.params.layers, *point, h.ui.current_channel()));
  CHECK(h.params.layers[0].is_class());  // a class has no place in the picture
  CHECK_FALSE(h.params.layers[0].point);
  REQUIRE(h.params.layers[1].point);
  CHECK(h.params.layers[1].point->x == point->x);
  CHECK(h.params.layers[1].channels == std::vector<int>{h.ui.current_channel()});  // one neuron, not a column
  validate(h.params);
  // A plain click pans as before and places nothing.
  const auto [no_point, drags] = click(false);
  CHECK_FALSE(no_point);
  CHECK(drags);
}

namespace {
// The y at which the item `label` of window `window` is hovered at x, found by hovering down the
// window a few pixels at a time (ImGui keeps no table of item positions).
template <class Frame>
float find_item_y(const char* window, const char* label, float x, Frame&& frame) {
  ImGuiIO& io = ImGui::GetIO();
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  REQUIRE(w != nullptr);
  const ImGuiID id = w->GetID(label);
  for (float y = w->Pos.y; y < w->Pos.y + w->Size.y; y += 3.0f) {
    io.MousePos = ImVec2(x, y);
    frame();
    if (ImGui::GetCurrentContext()->HoveredId == id) return y;
  }
  FAIL("no item " << label << " in " << window);
  return 0;
}
}  // namespace

TEST_CASE("dragging the video's position slider while paused seeks where it was let go") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  VideoPanel panel;
  DreamParams params;
  ViewerUiState state;
  state.video.open = true;
  state.video.name = "clip.mp4";
  state.video.playing = false;  // paused: the position stays where it is
  state.video.duration_s = 10.0;
  state.video.position_s = 2.0;
  state.video.fps = 25;
  UiRequests last;
  auto frame = [&] {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 700));
    ImGui::Begin("video");
    last = UiRequests{};
    panel.draw(params, state, last);
    ImGui::End();
    ImGui::Render();
    return last;
  };
  frame();
  frame();
  const float y = find_item_y("video", "##video_position", 200, frame);
  io.MousePos = ImVec2(60, y);
  frame();
  io.MouseDown[0] = true;
  frame();
  for (float x = 60; x <= 340; x += 40) {  // drag to the right over several frames
    io.MousePos = ImVec2(x, y);
    CHECK(frame().video_seek_s < 0);  // no seek until it is let go
  }
  io.MouseDown[0] = false;
  const UiRequests released = frame();
  CHECK(released.video_seek_s > 7.0);  // where it was let go, not back at 2 s
}

TEST_CASE("the Presets combo shows the preset in use, as --preset or Load set it") {
  HeadlessImGui imgui;
  PresetsPanel panel;
  DreamParams params;
  ViewerUiState state;
  state.presets = {"/p/animals.json", "/p/birds.json", "/p/classic.json"};
  auto frame = [&] {
    ImGui::NewFrame();
    ImGui::Begin("presets");
    UiRequests requests;
    panel.draw(params, state, requests);
    ImGui::End();
    ImGui::Render();
  };
  frame();
  CHECK(panel.selected() == 0);  // none in use: the first
  state.active_preset = "/p/classic.json";
  frame();
  CHECK(panel.selected() == 2);
  state.active_preset = "/p/birds.json";
  frame();
  CHECK(panel.selected() == 1);
}

TEST_CASE("the control panel keeps its width in a small window and is as wide as before in a large one again") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  Harness h;
  h.frame();
  h.frame();
  const float wide = h.area.x;
  REQUIRE(wide > 250);
  io.DisplaySize = ImVec2(600, 800);
  h.frame();
  h.frame();
  // Docked, the column keeps the width it was given and the dream's central node gives way.
  CHECK(h.area.x <= wide + 1);
  CHECK(h.area.w > 100);
  io.DisplaySize = ImVec2(1280, 800);
  h.frame();
  h.frame();
  CHECK(h.area.x == Approx(wide));
  CHECK(h.ui.panel_width == 0.0f);  // the user never dragged it: still the default
}

TEST_CASE("key taps between two frames all act, in order, one per action a frame") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  ImGuiIO& io = ImGui::GetIO();
  auto tap = [&](ImGuiKey key) {
    io.AddKeyEvent(key, true);
    io.AddKeyEvent(key, false);
  };
  // Down and up before the next frame starts (a macro pad; a slow frame, such as the one that
  // completes a recording): ImGui's input queue hands them out over the next frames.
  tap(ImGuiKey_F9);
  tap(ImGuiKey_S);
  tap(ImGuiKey_S);
  tap(ImGuiKey_R);
  std::vector<UiRequests> frames;
  for (int i = 0; i < 8; ++i) frames.push_back(h.frame());
  auto first_frame = [&](bool UiRequests::*flag, size_t from = 0) {
    for (size_t i = from; i < frames.size(); ++i)
      if (frames[i].*flag) return i;
    return frames.size();
  };
  const auto count = [&](bool UiRequests::*flag) {
    return std::count_if(frames.begin(), frames.end(), [&](const UiRequests& r) { return r.*flag; });
  };
  CHECK(count(&UiRequests::toggle_recording) == 1);
  CHECK(count(&UiRequests::single_step) == 2);  // the second tap steps again
  CHECK(count(&UiRequests::reset) == 1);
  // In order: F9, S, S, R.
  const size_t record = first_frame(&UiRequests::toggle_recording), step = first_frame(&UiRequests::single_step);
  const size_t second_step = first_frame(&UiRequests::single_step, step + 1), reset = first_frame(&UiRequests::reset);
  CHECK(record <= step);
  CHECK(step < second_step);
  CHECK(second_step <= reset);
  CHECK(reset < frames.size());
  // A held key repeats only where its binding does: S repeats, R does not.
  auto held_frames = [&](ImGuiKey key, bool UiRequests::*flag) {
    io.AddKeyEvent(key, true);
    int acted = 0;
    for (int i = 0; i < 60; ++i) acted += h.frame().*flag ? 1 : 0;  // one second at 60 fps: past the repeat delay
    io.AddKeyEvent(key, false);
    h.frame();
    return acted;
  };
  CHECK(held_frames(ImGuiKey_R, &UiRequests::reset) == 1);
  CHECK(held_frames(ImGuiKey_S, &UiRequests::single_step) > 3);
  // Shift+F12 and F12 stay apart.
  io.AddKeyEvent(ImGuiMod_Shift, true);
  io.AddKeyEvent(ImGuiKey_F12, true);
  const UiRequests shifted = h.frame();
  io.AddKeyEvent(ImGuiKey_F12, false);
  io.AddKeyEvent(ImGuiMod_Shift, false);
  h.frame();
  CHECK(shifted.screenshot_window);
  CHECK_FALSE(shifted.screenshot);
}

TEST_CASE("a press whose pointer jumped in the same frame does not pan the view, dragging after it does") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  render::ViewState view;
  ViewGestures gestures;
  const render::PixelRect area{400, 40, 880, 760};
  auto frame = [&] {
    ImGui::NewFrame();
    handle_view_gestures(view, gestures, area, 500, 333);
    ImGui::Render();
  };
  io.MousePos = ImVec2(500, 300);
  frame();
  // A touch: the pointer lands 300 px away and presses, in one frame.
  io.MousePos = ImVec2(800, 500);
  io.MouseDown[0] = true;
  frame();
  CHECK(view.pan_x == 0.0f);
  CHECK(view.pan_y == 0.0f);
  io.MousePos = ImVec2(810, 505);  // then a real drag of 10, 5
  frame();
  CHECK(view.pan_x == Approx(10.0f));
  CHECK(view.pan_y == Approx(5.0f));
  io.MouseDown[0] = false;
  frame();
}

TEST_CASE("the neuron point's marker is drawn under the windows, and not at all with the panels hidden") {
  HeadlessImGui imgui;
  Harness h;
  h.params.layers = {LayerObjective{"inception_4c", 1.0f, {97}}};
  h.params.layers[0].point = RelativePoint{0.5f, 0.5f};
  auto marker_vertices = [&] {
    h.frame();
    ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    return ImGui::GetBackgroundDrawList(ImGui::GetMainViewport())->VtxBuffer.Size;
  };
  const int with_marker = marker_vertices();
  h.params.layers[0].point.reset();
  const int without_marker = marker_vertices();
  CHECK(with_marker > without_marker);
  // Tab hides the panels (a projector shows the window as it is): no marker either.
  h.params.layers[0].point = RelativePoint{0.5f, 0.5f};
  h.ui.panels_visible = false;
  CHECK(marker_vertices() == without_marker);
}

TEST_CASE("Ctrl + and Ctrl - step the UI scale, within its limits, and text follows the scale") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  Harness h;
  h.frame();
  auto with_ctrl = [&](ImGuiKey key, bool shift) {
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
    io.AddKeyEvent(key, true);
    const UiRequests r = h.frame();
    io.AddKeyEvent(key, false);
    if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    h.frame();
    return r;
  };
  CHECK(with_ctrl(ImGuiKey_Equal, false).ui_scale_steps == 1);
  CHECK(with_ctrl(ImGuiKey_Equal, true).ui_scale_steps == 1);  // Ctrl + typed as Ctrl Shift =
  CHECK(with_ctrl(ImGuiKey_Minus, false).ui_scale_steps == -1);
  io.AddKeyEvent(ImGuiKey_Equal, true);  // = alone is not a shortcut
  CHECK(h.frame().ui_scale_steps == 0);
  io.AddKeyEvent(ImGuiKey_Equal, false);
  h.frame();
  CHECK(stepped_ui_scale(1.0f, 1) == Approx(1.1f));
  CHECK(stepped_ui_scale(1.0f, -1) == Approx(1.0f / 1.1f));
  CHECK(stepped_ui_scale(2.9f, 5) == kMaxUiScale);
  CHECK(stepped_ui_scale(0.6f, -5) == kMinUiScale);
  CHECK(stepped_ui_scale(40.0f, 0) == kMaxUiScale);  // a remembered value out of range is brought in
  // The theme's text size: 15 px times the monitor's scale times the UI scale.
  apply_theme(1.0f, 1.0f);
  h.frame();
  ImGui::NewFrame();
  const float base = ImGui::GetFontSize();
  ImGui::EndFrame();
  apply_theme(1.5f, 2.0f);
  ImGui::NewFrame();
  const float scaled = ImGui::GetFontSize();
  ImGui::EndFrame();
  CHECK(base == Approx(15.0f));
  CHECK(scaled == Approx(45.0f));
  CHECK(ImGui::GetStyle().FramePadding.x == Approx(7.0f * 3.0f));  // sizes follow
}
