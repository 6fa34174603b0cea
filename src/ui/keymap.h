// Every key of the viewer in one table: the help overlay lists it and the dispatcher reads it,
// so the help can never miss a key.
#pragma once
#include <vector>

#include "ui/ui_state.h"

namespace livedream::ui {

enum class KeyAction { PauseResume, SingleStep, Reset, Screenshot, WindowScreenshot, Record, Fullscreen, ToggleUi, Help, Quit };

struct KeyBinding {
  KeyAction action;
  int key;               // GLFW key code
  const char* key_name;  // as shown to the user
  const char* description;
  bool repeat;           // held down, the action repeats
  bool shift = false;    // needs Shift held; without it, the key acts only when Shift is up
};

const std::vector<KeyBinding>& key_bindings();

// Actions whose keys went down this frame. None while a text field has the keyboard.
std::vector<KeyAction> poll_key_actions();

// Sets the request flag of an action.
void apply_key_action(KeyAction action, UiRequests& requests);

}  // namespace livedream::ui
