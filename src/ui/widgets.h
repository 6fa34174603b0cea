// Small helpers shared by the panels.
#pragma once
#include <string>

namespace livedream::ui {

// A dimmed "(?)" that shows `text` as a tooltip.
void help_marker(const char* text);
// Tooltip for the last item.
void item_tooltip(const char* text);
// "name.ext" from a path (the whole text if it has no folder).
std::string file_name(const std::string& path);
// Label width used by the panels' two-column rows.
float label_width();
// Starts a row: the label in the left column, the widget (full width) to its right.
void row_label(const char* label);
// For the slider just drawn, given what it returned: whether its value should go to the dream now.
// Dragging applies at once; a value typed in (Ctrl+click) applies on Enter or when the field
// loses focus, not at every keystroke ("0.0" on the way to "0.015" is not a step size).
bool slider_committed(bool changed);
// A button as wide as `fraction` of the available width.
bool wide_button(const char* label, float fraction = 1.0f);

}  // namespace livedream::ui
