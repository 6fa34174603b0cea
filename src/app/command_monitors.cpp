// livedream monitors: the connected monitors, numbered as --output-display takes them.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.h"
#include "render/output_window.h"

namespace livedream::app {

void add_monitors_command(CLI::App& root, Action& selected) {
  CLI::App* cmd = root.add_subcommand("monitors", "List the monitors, numbered as --output-display N takes them");
  cmd->callback([&selected] {
    selected = [] {
      const auto monitors = render::list_monitors();
      for (const auto& m : monitors)
        std::cout << m.number << "  " << m.name << "  " << m.width << "x" << m.height << " @ " << m.refresh_hz << " Hz  at " << m.x << ","
                  << m.y << (m.number == 1 ? "  (primary)" : "") << "\n";
      if (monitors.empty()) std::cout << "no monitors\n";
      return 0;
    };
  });
}

}  // namespace livedream::app
