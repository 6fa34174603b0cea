#include "viewer/monitors.h"

#include <sstream>

#include "render/output_window.h"

namespace livedream::viewer {

std::string format_monitors() {
  std::ostringstream out;
  const auto monitors = render::list_monitors();
  for (const auto& m : monitors)
    out << m.number << "  " << m.name << "  " << m.width << "x" << m.height << " @ " << m.refresh_hz << " Hz  at " << m.x << "," << m.y
        << (m.number == 1 ? "  (primary)" : "") << "\n";
  if (monitors.empty()) out << "no monitors\n";
  return out.str();
}

}  // namespace livedream::viewer
