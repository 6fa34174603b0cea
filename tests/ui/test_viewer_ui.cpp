// The viewer's UI driven headless: Dear ImGui runs without a GPU (the draw data is simply not
// rendered), so keys and clicks can be simulated and the requests checked.
#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>
#include <utility>

#include "core/dream_params.h"
#include "support/catch.h"
#include "support/headless_imgui.h"
#include "ui/dream_area.h"
#include "ui/keymap.h"
#include "ui/ui_terms.h"
#include "ui/widgets.h"
#include "ui/viewer_ui.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

struct HeadlessImGui : test::HeadlessImGui {
  HeadlessImGui() {
    // As imgui_impl_glfw does: ImGui's named keys map to GLFW key codes.
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
  }
};

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
  std::set<std::pair<int, bool>> keys;  // a key with or without Shift
  std::set<KeyAction> actions;
  for (const auto& b : key_bindings()) {
    CHECK(keys.insert({b.key, b.shift}).second);
    CHECK(actions.insert(b.action).second);
    CHECK(std::string(b.key_name).size() > 0);
    CHECK(std::string(b.description).size() > 5);
    CHECK(b.shift == (std::string(b.key_name).rfind("Shift+", 0) == 0));  // the name says so
  }
  CHECK(actions.size() == 10);  // Space S R F12 Shift+F12 F9 F11 Tab H Esc
  for (int key : {GLFW_KEY_SPACE, GLFW_KEY_S, GLFW_KEY_R, GLFW_KEY_F12, GLFW_KEY_F9, GLFW_KEY_F11, GLFW_KEY_TAB, GLFW_KEY_H, GLFW_KEY_ESCAPE})
    CHECK(keys.count({key, false}) == 1);
  CHECK(keys.count({GLFW_KEY_F12, true}) == 1);
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
  auto press = [&](int key) {
    io.KeysDown[key] = true;
    UiRequests r = h.frame();
    io.KeysDown[key] = false;
    h.frame();
    return r;
  };
  CHECK(press(GLFW_KEY_SPACE).toggle_pause);
  CHECK(press(GLFW_KEY_S).single_step);
  CHECK(press(GLFW_KEY_R).reset);
  const UiRequests f12 = press(GLFW_KEY_F12);
  CHECK(f12.screenshot);
  CHECK_FALSE(f12.screenshot_window);
  io.KeyShift = true;
  const UiRequests shift_f12 = press(GLFW_KEY_F12);
  io.KeyShift = false;
  CHECK(shift_f12.screenshot_window);
  CHECK_FALSE(shift_f12.screenshot);
  CHECK(press(GLFW_KEY_F9).toggle_recording);
  CHECK(press(GLFW_KEY_F11).toggle_fullscreen);
  press(GLFW_KEY_H);
  CHECK(h.ui.help_open);
  UiRequests esc = press(GLFW_KEY_ESCAPE);
  CHECK_FALSE(esc.quit);
  CHECK_FALSE(h.ui.help_open);
  CHECK(press(GLFW_KEY_ESCAPE).quit);
  // Last: with the panels still drawn here (the harness does not apply toggle_ui), ImGui's Tab
  // also moves the keyboard focus into a text field, where keys are text.
  CHECK(press(GLFW_KEY_TAB).toggle_ui);
}

TEST_CASE("a click on the panel's first button asks to pause") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  const float bar = h.area.y;
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
UiRequests press_key(Harness& h, int key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = true;
  UiRequests r = h.frame();
  io.KeysDown[key] = false;
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
  CHECK_FALSE(press_key(h, GLFW_KEY_ESCAPE).quit);
  CHECK_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
  CHECK(press_key(h, GLFW_KEY_ESCAPE).quit);  // nothing open, a young dream: quits at once
}

TEST_CASE("quitting a dream that has run for a while asks once: Esc again or Enter confirms, a click elsewhere keeps it") {
  HeadlessImGui imgui;
  Harness h;
  h.state.dream_seconds = 30;
  h.state.last_capture = "captures/livedream-20261130-050000-001.png";
  h.frame();
  CHECK_FALSE(press_key(h, GLFW_KEY_ESCAPE).quit);
  CHECK(h.ui.quit_confirm_open());
  CHECK(press_key(h, GLFW_KEY_ESCAPE).quit);

  CHECK_FALSE(press_key(h, GLFW_KEY_ESCAPE).quit);
  REQUIRE(h.ui.quit_confirm_open());
  CHECK(press_key(h, GLFW_KEY_ENTER).quit);

  CHECK_FALSE(press_key(h, GLFW_KEY_ESCAPE).quit);
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
  io.KeyCtrl = true;
  frame();
  io.MouseDown[0] = true;
  frame();
  io.MouseDown[0] = false;
  io.KeyCtrl = false;
  frame();
  frame();
  REQUIRE(io.WantTextInput);
  committed.clear();
  // Select all and type 0.015, one character a frame.
  io.KeyCtrl = true;
  io.KeysDown[GLFW_KEY_A] = true;
  io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
  frame();
  io.KeysDown[GLFW_KEY_A] = false;
  io.KeyCtrl = false;
  for (char c : std::string("0.015")) {
    io.AddInputCharacter(static_cast<unsigned>(c));
    frame();
  }
  for (bool c : committed) CHECK_FALSE(c);  // "0", "0.", "0.0" never went to the dream
  committed.clear();
  io.KeysDown[GLFW_KEY_ENTER] = true;
  frame();
  io.KeysDown[GLFW_KEY_ENTER] = false;
  frame();
  CHECK(value == Approx(0.015f));
  CHECK(std::count(committed.begin(), committed.end(), true) >= 1);
}

TEST_CASE("parameter errors in the window name the controls, not the command-line flags") {
  CHECK(in_ui_terms("step size must be a positive number, got 0 (use e.g. --step-size 0.01)") ==
        "step size must be a positive number, got 0 (use e.g. Step size 0.01)");
  CHECK(in_ui_terms("octave scale must be above 1 (use e.g. --octave-scale 1.4)") ==
        "octave scale must be above 1 (use e.g. Octave scale 1.4)");
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
    io.KeyCtrl = ctrl;
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
