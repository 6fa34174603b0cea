// livedream params: every dream parameter as the parameter table (core/param_table) holds it: its
// JSON key (also its OSC address and keyframe track name), type, range, default, command-line flag,
// its name in the viewer and which surfaces may set it. The README's parameter table is its
// --markdown output.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.h"
#include "core/param_table.h"

namespace livedream::app {

void add_params_command(CLI::App& root, Action& selected) {
  CLI::App* cmd = root.add_subcommand("params", "List every dream parameter: key, range, default, flag, OSC and keyframes");
  auto markdown = std::make_shared<bool>(false);
  cmd->add_flag("--markdown", *markdown, "As a Markdown table (the README's)");
  cmd->callback([&selected, markdown] {
    selected = [markdown] {
      std::cout << param::format_table(*markdown);
      return 0;
    };
  });
}

}  // namespace livedream::app
