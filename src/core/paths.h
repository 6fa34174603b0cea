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
// exists. Empty if none.
std::string default_model_path();
// The models folders, the one search list of every command (viewer, dream, render, layers, bench):
// $LIVEDREAM_MODELS_DIR, <exe>/models, <source>/models, then the project's shared models
// ($LIVEDREAM_SHARED/models, else <source>/../shared/models), in that order.
std::vector<std::string> model_search_dirs();

// How to get the model file `file_name` (a bare name such as "inception_v3.pt"), one sentence:
// the models/export_model.py command that builds it (the exporter's own argument names, one table
// of file name -> exporter model), or, for a file the exporter does not build, where to get it.
std::string model_build_hint(const std::string& file_name);
// The file names of that table (every model the exporter builds, plus the ready-made ones).
std::vector<std::string> known_model_files();

// The model file `model` names: empty -> the default model (core/paths); an existing path -> it;
// a bare file name (e.g. "inception_v3.pt" in a preset) -> the first models folder that has it
// (or the default model, $LIVEDREAM_MODEL included, when the names match).
// Throws livedream::Error (runtime) with the folders searched and model_build_hint().
std::string resolve_model_path(const std::string& model);

// assets/presets (built-in presets) and shaders/.
std::string presets_dir();
std::string shaders_dir();

}  // namespace livedream
