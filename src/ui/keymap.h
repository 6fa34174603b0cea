// Every key of the viewer in one table: the help overlay lists it and the dispatcher reads it,
// so the help can never miss a key.
#pragma once
#include <imgui.h>

#include <vector>

#include "ui/ui_state.h"

namespace livedream::ui {

enum class KeyAction {
  PauseResume,
  SingleStep,
  Reset,
  Screenshot,
  WindowScreenshot,
  Record,
  Fullscreen,
  ToggleUi,
  Help,
  Quit,
  LargerUi,
  SmallerUi
};

// Keys are Dear ImGui's named keys: the GLFW backend turns the window's key events into them.
struct KeyBinding {
  KeyAction action;
  ImGuiKey key;
  const char* key_name;  // as shown to the user
  const char* description;
  bool repeat;         // held down, the action repeats
  bool shift = false;  // needs Shift held; without it, the key acts only when Shift is up
  bool ctrl = false;   // needs Ctrl held (Shift then does not matter: Ctrl + is Ctrl Shift = on many layouts)
};

const std::vector<KeyBinding>& key_bindings();

// Actions of the keys pressed this frame (or repeating, where the binding repeats). A tap (down
// and up between two frames, as macro pads, MIDI-to-key bridges and a slow frame make them) is not
// lost: ImGui's input queue trickles key events over frames, one change of a key per frame, so
// two taps act twice. None while a text field has the keyboard (those presses are text); Esc
// closes an open menu or drop-down instead of quitting.
std::vector<KeyAction> poll_key_actions();

// Sets the request flag of an action.
void apply_key_action(KeyAction action, UiRequests& requests);

}  // namespace livedream::ui
