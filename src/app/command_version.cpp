// livedream --version: what a bug report needs (our version, LibTorch, CUDA compiled in and present).
#include <CLI/CLI.hpp>
#include <torch/version.h>

#include <iostream>

#include "app/commands.h"
#include "dream/device.h"

namespace livedream::app {

void add_version_flag(CLI::App& root, Action& selected) {
  root.add_flag_callback(
      "--version",
      [&selected] {
        selected = [] {
#ifdef LIVEDREAM_WITH_CUDA
          const char* cuda_built = "yes";
#else
          const char* cuda_built = "no";
#endif
          std::cout << "livedream " << LIVEDREAM_VERSION << "\n"
                    << "LibTorch " << TORCH_VERSION << "\n"
                    << "CUDA support compiled in: " << cuda_built << "\n"
                    << "CUDA device available: " << (dream::cuda_available() ? "yes" : "no") << "\n";
          return 0;
        };
      },
      "Print the livedream and LibTorch versions and CUDA support, then exit");
}

}  // namespace livedream::app
