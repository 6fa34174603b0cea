// Where livedream finds its data: models, presets and shaders, for a build tree and an install.
#pragma once
#include <string>
#include <vector>

namespace livedream {

// The folder of the running executable (from /proc/self/exe).
std::string executable_dir();

// The project's source folder compiled in (assets/, shaders/, models/ are found there in a build).
std::string source_dir();

// The default model: $LIVEDREAM_MODEL, else the first of <models dirs>/googlenet_bvlc.pt that
// exists. Models dirs: $LIVEDREAM_MODELS_DIR, <exe>/models, <source>/models. Empty if none.
std::string default_model_path();
std::vector<std::string> model_search_dirs();

// The model file `model` names: empty -> the default model (core/paths); an existing path -> it;
// a bare file name (e.g. "inception_v3.pt" in a preset) -> the first models folder that has it
// (or the default model, $LIVEDREAM_MODEL included, when the names match).
// Throws livedream::Error (runtime) with the folders searched and how to build the model.
std::string resolve_model_path(const std::string& model);

// assets/presets (built-in presets) and shaders/.
std::string presets_dir();
std::string shaders_dir();

}  // namespace livedream
