#include "ui/keymap.h"

#include <imgui.h>
#include <imgui_internal.h>  // ClosePopupToLevel: no public "close every popup"

namespace livedream::ui {

const std::vector<KeyBinding>& key_bindings() {
  static const std::vector<KeyBinding> bindings = {
      {KeyAction::PauseResume, ImGuiKey_Space, "Space", "Pause / resume the dream", false},
      {KeyAction::SingleStep, ImGuiKey_S, "S", "One step (pauses first; hold to repeat)", true},
      {KeyAction::Reset, ImGuiKey_R, "R", "Reset the dream to the source image", false},
      {KeyAction::Screenshot, ImGuiKey_F12, "F12", "Screenshot of the dream at full resolution (PNG + JSON in the captures folder)", false},
      {KeyAction::WindowScreenshot, ImGuiKey_F12, "Shift+F12", "Screenshot of the whole window, panels included", false, true},
      {KeyAction::Record, ImGuiKey_F9, "F9", "Start / stop recording", false},
      {KeyAction::Fullscreen, ImGuiKey_F11, "F11", "Fullscreen on / off", false},
      {KeyAction::ToggleUi, ImGuiKey_Tab, "Tab", "Hide / show the panels", false},
      {KeyAction::Help, ImGuiKey_H, "H", "This help", false},
      {KeyAction::Quit, ImGuiKey_Escape, "Esc", "Quit (closes the help first when it is open)", false},
      {KeyAction::LargerUi, ImGuiKey_Equal, "Ctrl +", "Larger text and controls (kept in the settings)", true, false, true},
      {KeyAction::SmallerUi, ImGuiKey_Minus, "Ctrl -", "Smaller text and controls", true, false, true},
  };
  return bindings;
}

std::vector<KeyAction> poll_key_actions() {
  std::vector<KeyAction> actions;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return actions;  // typing into a field: keys are text
  const bool popup_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  for (const auto& b : key_bindings()) {
    if (b.ctrl != io.KeyCtrl || (!b.ctrl && b.shift != io.KeyShift) || !ImGui::IsKeyPressed(b.key, b.repeat)) continue;
    if (b.action == KeyAction::Quit && popup_open) {
      ImGui::ClosePopupToLevel(0, true);  // Esc closes the open menu or drop-down first
      continue;
    }
    actions.push_back(b.action);
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
    case KeyAction::LargerUi: r.ui_scale_steps += 1; break;
    case KeyAction::SmallerUi: r.ui_scale_steps -= 1; break;
  }
}

}  // namespace livedream::ui
