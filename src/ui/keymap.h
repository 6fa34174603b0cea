// Every key of the viewer in one table: the help overlay lists it and the dispatcher reads it,
// so the help can never miss a key.
#pragma once
#include <vector>

#include "ui/ui_state.h"

namespace livedream::ui {

enum class KeyAction { PauseResume, SingleStep, Reset, Screenshot, WindowScreenshot, Record, Fullscreen, ToggleUi, Help, Quit };

// Keys are GLFW key codes, as the window's key callback reports them (queue_key_press).
struct KeyBinding {
  KeyAction action;
  int key;               // GLFW key code
  const char* key_name;  // as shown to the user
  const char* description;
  bool repeat;         // held down, the action repeats
  bool shift = false;  // needs Shift held; without it, the key acts only when Shift is up
};

const std::vector<KeyBinding>& key_bindings();

// A key going down (or repeating while held), as the window system reported it. Queued in the
// order they came, so a tap (down and up between two frames, as macro pads, MIDI-to-key bridges
// and a slow frame make them) is not lost: ImGui 1.86 sees only whether a key is down when a
// frame starts.
void queue_key_press(int glfw_key, bool shift, bool repeat);
// Actions of the keys pressed since the last call, in order; one per action a frame (a second
// tap of the same key waits for the next frame, so two taps act twice). None while a text field
// has the keyboard (those presses are text); Esc closes an open menu or drop-down instead of
// acting (ImGui 1.86 leaves them open).
std::vector<KeyAction> poll_key_actions();

// Sets the request flag of an action.
void apply_key_action(KeyAction action, UiRequests& requests);

}  // namespace livedream::ui
