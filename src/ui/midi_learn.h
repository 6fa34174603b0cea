// MIDI learn on the panels' controls. A MIDI knob or pad never drives a parameter directly: the
// app's router turns its moves into OSC messages, so a control is bound by its OSC address
// (`livedream osc --list`), and only addresses taking no argument or one number can be bound.
#pragma once
#include <string>

#include "ui/ui_state.h"

namespace livedream::ui {

// Call right after the control's item (an item_tooltip between them is fine: a tooltip is no
// item). A right-click on the control offers Learn MIDI for `osc_address` (Cancel learning while
// it waits) and Forget MIDI when it has a binding. The control waiting is outlined in the accent
// colour, and a bound control's tooltip names its MIDI control.
// `text`: for an address taking text (/livedream/preset), what the bound press sends (a preset's
// name); the binding is then known as "ADDRESS TEXT" (MidiView's learning and bound keys).
void midi_learn_menu(const char* osc_address, const ViewerUiState& state, UiRequests& requests, const std::string& text = {});

}  // namespace livedream::ui
