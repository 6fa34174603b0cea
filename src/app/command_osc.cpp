// livedream osc --list: every OSC address the viewer answers to (`livedream --osc PORT`), with its
// type tags, range and what it does: the table the parser itself uses (control/osc_commands).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.h"
#include "core/error.h"
#include "control/osc_commands.h"

namespace livedream::app {

void add_osc_command(CLI::App& root, Action& selected) {
  CLI::App* cmd = root.add_subcommand("osc", "OSC control of the viewer (livedream --osc PORT): list the addresses");
  auto list = std::make_shared<bool>(false);
  auto markdown = std::make_shared<bool>(false);
  cmd->add_flag("--list", *list, "Print every address with its OSC type tags, range and what it does");
  cmd->add_flag("--markdown", *markdown, "With --list: as a Markdown table (the README's)");
  cmd->callback([&selected, list, markdown] {
    selected = [list, markdown] {
      if (!*list) throw usage_error("livedream osc needs --list", "run livedream osc --list");
      std::cout << osc::format_address_table(*markdown);
      return 0;
    };
  });
}

}  // namespace livedream::app
