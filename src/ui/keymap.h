// Every key of the viewer in one table: the help overlay lists it and the dispatcher reads it,
// so the help can never miss a key.
#pragma once
#include <vector>

#include "ui/ui_state.h"

namespace livedream::ui {

enum class KeyAction { PauseResume, SingleStep, Reset, Screenshot, WindowScreenshot, Record, Fullscreen, ToggleUi, Help, Quit };

// Keys are named by ImGui where the ImGui in use has a name for them (ImGuiKey_*, mapped to the
// backend's key index through ImGui::GetKeyIndex) and otherwise by the GLFW backend's key index
// (ImGui 1.86 names only the keys text editing needs; from 1.87 on every key has an ImGuiKey).
struct KeyBinding {
  KeyAction action;
  int key;               // GLFW key code (the backend's index for keys ImGui does not name)
  const char* key_name;  // as shown to the user
  const char* description;
  bool repeat;           // held down, the action repeats
  bool shift = false;    // needs Shift held; without it, the key acts only when Shift is up
};

const std::vector<KeyBinding>& key_bindings();

// The index ImGui::IsKeyPressed takes for a binding.
int imgui_key_index(const KeyBinding& binding);

// Actions whose keys went down this frame. None while a text field has the keyboard; Esc
// closes an open menu or drop-down instead of acting (ImGui 1.86 leaves them open).
std::vector<KeyAction> poll_key_actions();

// Sets the request flag of an action.
void apply_key_action(KeyAction action, UiRequests& requests);

}  // namespace livedream::ui
