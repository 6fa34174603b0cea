#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>

#include "app/commands.h"
#include "core/error.h"
#include "core/log.h"

namespace livedream::app {
namespace {

// `livedream --model X layers`: options before a command belong to the viewer (the root parser),
// and the command would silently ignore them. One line naming the fix instead.
void refuse_viewer_options_before_command(const CLI::App& root) {
  const auto subcommands = root.get_subcommands();
  if (subcommands.empty()) return;
  const CLI::App* command = subcommands.front();
  for (const CLI::Option* option : root.get_options()) {
    if (option->count() == 0) continue;
    const std::string name = option->get_name();
    if (name == "--quiet" || name == "--verbose") continue;  // every command's: they may come first
    if (option->get_positional()) {
      throw usage_error(
          "'" + option->as<std::string>() + "' before the command " + command->get_name() + " is the viewer's IMAGE",
          "put the command first: livedream " + command->get_name() + " ... (see livedream " + command->get_name() + " --help)");
    }
    if (command->get_option_no_throw(name) != nullptr)
      throw usage_error(name + " before the command " + command->get_name() + " is the viewer's option",
                        "put it after the command: livedream " + command->get_name() + " " + name + " ...");
    throw usage_error(
        name + " before the command " + command->get_name() + " is the viewer's option, and " + command->get_name() + " has no " + name,
        "drop it, or see livedream " + command->get_name() + " --help");
  }
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App root{"livedream: real-time DeepDream. Without a command it opens the live viewer.", "livedream"};
  root.require_subcommand(0, 1);
  Action selected;
  add_version_flag(root, selected);
  add_layers_command(root, selected);
  add_dream_command(root, selected);
  add_bench_command(root, selected);
  add_render_command(root, selected);
  add_replay_command(root, selected);
  add_osc_command(root, selected);
  add_monitors_command(root, selected);
  add_midi_command(root, selected);
  add_params_command(root, selected);
  add_atlas_command(root, selected);
  add_view_command(root, selected);  // last: its root callback runs when nothing else was chosen
  // How much livedream says (core/log.h), on the viewer and on every command, anywhere on the line.
  bool quiet = false, verbose = false;
  for (CLI::App* app : root.get_subcommands([](CLI::App*) { return true; })) {
    auto* q = app->add_flag("--quiet", quiet, "Print errors only")->group("Output");
    app->add_flag("--verbose", verbose, "Print details too")->group("Output")->excludes(q);
  }
  auto* root_quiet = root.add_flag("--quiet", quiet, "Print errors only")->group("Output");
  root.add_flag("--verbose", verbose, "Print details too")->group("Output")->excludes(root_quiet);
  try {
    root.parse(argc, argv);
    refuse_viewer_options_before_command(root);
    log::set_verbosity(quiet ? log::Verbosity::Quiet : verbose ? log::Verbosity::Verbose : log::Verbosity::Normal);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    log::error(log::words(first_line(e.what()), " (see livedream --help)"));
    return 2;
  } catch (const Error& e) {  // option validators throw ours
    log::error(e.what());
    return e.exit_code();
  }
  if (!selected) {
    log::error("no command given (see livedream --help)");
    return 2;
  }
  try {
    return selected();
  } catch (const Error& e) {
    log::error(e.what());
    return e.exit_code();
  } catch (const c10::Error& e) {
    log::error(log::words("LibTorch: ", first_line(e.what_without_backtrace()), " (check the model, device and dtype)"));
    return 1;
  } catch (const std::bad_alloc&) {
    log::error("out of memory (use a smaller --max-dim or --tile)");
    return 1;
  } catch (const std::exception& e) {
    log::error(first_line(e.what()));
    return 1;
  }
}

}  // namespace livedream::app
