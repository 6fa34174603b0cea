// `livedream monitors`: the connected monitors, numbered as --output-display N takes them.
#pragma once
#include <string>

namespace livedream::viewer {

// One line per monitor: number, name, mode, position, "(primary)" for the first. Throws
// livedream::Error without a display.
std::string format_monitors();

}  // namespace livedream::viewer
