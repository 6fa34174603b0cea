// livedream layers --model PATH: the dreamable layers with channel count and stride.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "dream/model.h"
#include "dream/open_model.h"

namespace livedream::app {

void add_layers_command(CLI::App& root, Action& selected) {
  auto* cmd = root.add_subcommand("layers", "List a model's dreamable layers with their channel counts and strides");
  auto model_path = std::make_shared<std::string>();
  cmd->add_option(
      "--model", *model_path,
      "TorchScript model: a path or a file name in the models folders, as for dream (default: googlenet_bvlc.pt or $LIVEDREAM_MODEL)");
  cmd->callback([&selected, model_path] {
    selected = [model_path] {
      // The same lookup as dream, render and the viewer (a bare file name: the models folders).
      DreamParams params;
      params.model = *model_path;
      params.device = "cpu";  // listing layers needs no GPU
      const auto model = dream::open_model(params);
      std::cout << "model " << model->path() << "\nsha256 " << model->sha256() << "\n";
      std::printf("%-24s %9s %7s\n", "layer", "channels", "stride");
      for (const auto& info : model->layer_info())
        std::printf("%-24s %9lld %7lld\n", info.name.c_str(), static_cast<long long>(info.channels), static_cast<long long>(info.stride));
      return 0;
    };
  });
}

}  // namespace livedream::app
