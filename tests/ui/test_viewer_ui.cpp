// The viewer's UI driven headless: Dear ImGui runs without a GPU (the draw data is simply not
// rendered), so keys and clicks can be simulated and the requests checked.
#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <set>
#include <utility>

#include "core/dream_params.h"
#include "support/catch.h"
#include "ui/keymap.h"
#include "ui/viewer_ui.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(1));
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
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
  UiRequests frame() {
    ImGui::NewFrame();
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
  CHECK(press(GLFW_KEY_TAB).toggle_ui);
  press(GLFW_KEY_H);
  CHECK(h.ui.help_open);
  UiRequests esc = press(GLFW_KEY_ESCAPE);
  CHECK_FALSE(esc.quit);
  CHECK_FALSE(h.ui.help_open);
  CHECK(press(GLFW_KEY_ESCAPE).quit);
}

TEST_CASE("a click on the panel's first button asks to pause") {
  HeadlessImGui imgui;
  Harness h;
  h.frame();
  ImGuiIO& io = ImGui::GetIO();
  const float bar = h.area.y;
  io.MousePos = ImVec2(30, bar + 18);  // the Pause button: first item of the side panel
  h.frame();
  io.MouseDown[0] = true;
  h.frame();
  io.MouseDown[0] = false;
  const UiRequests r = h.frame();
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
