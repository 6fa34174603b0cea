// livedream monitors: the connected monitors, numbered as --output-display takes them.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.h"
#include "viewer/monitors.h"

namespace livedream::app {

void add_monitors_command(CLI::App& root, Action& selected) {
  CLI::App* cmd = root.add_subcommand("monitors", "List the monitors, numbered as --output-display N takes them");
  cmd->callback([&selected] {
    selected = [] {
      std::cout << viewer::format_monitors();
      return 0;
    };
  });
}

}  // namespace livedream::app
