// livedream midi --list: the MIDI input ports, numbered as --midi N takes them, and on which system
// (ALSA's sequencer, or a JACK server where ALSA has none).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.h"
#include "control/midi_input.h"

namespace livedream::app {

void add_midi_command(CLI::App& root, Action& selected) {
  CLI::App* cmd = root.add_subcommand("midi", "MIDI controllers: list the input ports (--list), numbered as --midi N takes them");
  auto list = std::make_shared<bool>(false);
  cmd->add_flag("--list", *list, "List the MIDI input ports");
  cmd->callback([&selected, list] {
    selected = [list] {
      const auto ports = control::list_midi_ports();
      std::cout << control::format_midi_ports(ports);
      return ports.system.empty() ? 1 : 0;
    };
  });
}

}  // namespace livedream::app
