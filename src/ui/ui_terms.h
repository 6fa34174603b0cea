// Messages in the window speak of the window's controls: a parameter error worded for the command
// line ("use e.g. --step-size 0.01") names the control instead ("use e.g. Step size 0.01").
#pragma once
#include <string>

namespace livedream::ui {

// `message` with every command-line flag of a dream parameter replaced by its control's label.
std::string in_ui_terms(std::string message);

}  // namespace livedream::ui
