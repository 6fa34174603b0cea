#include "ui/keymap.h"

#include <imgui.h>
#include <imgui_internal.h>  // ClosePopupToLevel: no public "close every popup" in ImGui 1.86
#include <algorithm>
#include <deque>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace livedream::ui {

const std::vector<KeyBinding>& key_bindings() {
  static const std::vector<KeyBinding> bindings = {
      {KeyAction::PauseResume, GLFW_KEY_SPACE, "Space", "Pause / resume the dream", false},
      {KeyAction::SingleStep, GLFW_KEY_S, "S", "One step (pauses first; hold to repeat)", true},
      {KeyAction::Reset, GLFW_KEY_R, "R", "Reset the dream to the source image", false},
      {KeyAction::Screenshot, GLFW_KEY_F12, "F12", "Screenshot of the dream at full resolution (PNG + JSON in the captures folder)", false},
      {KeyAction::WindowScreenshot, GLFW_KEY_F12, "Shift+F12", "Screenshot of the whole window, panels included", false, true},
      {KeyAction::Record, GLFW_KEY_F9, "F9", "Start / stop recording", false},
      {KeyAction::Fullscreen, GLFW_KEY_F11, "F11", "Fullscreen on / off", false},
      {KeyAction::ToggleUi, GLFW_KEY_TAB, "Tab", "Hide / show the panels", false},
      {KeyAction::Help, GLFW_KEY_H, "H", "This help", false},
      {KeyAction::Quit, GLFW_KEY_ESCAPE, "Esc", "Quit (closes the help first when it is open)", false},
  };
  return bindings;
}

namespace {
struct KeyPress {
  int key;
  bool shift, repeat;
};
// Filled by the window's key callback and drained by poll_key_actions, both on the main thread.
std::deque<KeyPress>& pending_presses() {
  static std::deque<KeyPress> presses;
  return presses;
}
constexpr size_t kMaxPendingPresses = 64;  // a stuck key or a flood cannot grow it without bound
}  // namespace

void queue_key_press(int glfw_key, bool shift, bool repeat) {
  auto& presses = pending_presses();
  if (presses.size() < kMaxPendingPresses) presses.push_back({glfw_key, shift, repeat});
}

std::vector<KeyAction> poll_key_actions() {
  std::vector<KeyAction> actions;
  auto& presses = pending_presses();
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) {  // typing into a field: keys are text
    presses.clear();
    return actions;
  }
  const bool popup_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  while (!presses.empty()) {
    const KeyPress press = presses.front();
    const KeyBinding* binding = nullptr;
    for (const auto& b : key_bindings())
      if (b.key == press.key && b.shift == press.shift && (!press.repeat || b.repeat)) binding = &b;
    if (binding && std::find(actions.begin(), actions.end(), binding->action) != actions.end()) break;  // next frame
    presses.pop_front();
    if (!binding) continue;
    if (binding->action == KeyAction::Quit && popup_open) {
      ImGui::ClosePopupToLevel(0, true);  // Esc closes the open menu or drop-down first
      continue;
    }
    actions.push_back(binding->action);
  }
  return actions;
}

void apply_key_action(KeyAction action, UiRequests& r) {
  switch (action) {
    case KeyAction::PauseResume: r.toggle_pause = true; break;
    case KeyAction::SingleStep: r.single_step = true; break;
    case KeyAction::Reset: r.reset = true; break;
    case KeyAction::Screenshot: r.screenshot = true; break;
    case KeyAction::WindowScreenshot: r.screenshot_window = true; break;
    case KeyAction::Record: r.toggle_recording = true; break;
    case KeyAction::Fullscreen: r.toggle_fullscreen = true; break;
    case KeyAction::ToggleUi: r.toggle_ui = true; break;
    case KeyAction::Help: r.toggle_help = true; break;
    case KeyAction::Quit: r.quit = true; break;
  }
}

}  // namespace livedream::ui
