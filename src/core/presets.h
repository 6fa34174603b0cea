// Where dream parameters come from besides the command line: presets (JSON files of DreamParams
// keys, built in under assets/presets or anywhere) and the PNGs livedream writes.
#pragma once
#include <string>
#include <vector>

#include "core/dream_params.h"

namespace livedream {

// A preset by NAME (assets/presets/NAME.json, see presets_dir()) or as a path to a JSON file.
// Throws livedream::Error (usage) listing the built-in presets when NAME is unknown.
DreamParams load_preset(const std::string& name_or_path, const DreamParams& base = {});
std::vector<std::string> builtin_preset_names();

// The parameters a livedream PNG carries in its "livedream" text chunk. Throws livedream::Error
// when the file is missing, not a PNG, or has no such chunk.
DreamParams params_from_png(const std::string& path, const DreamParams& base = {});

}  // namespace livedream
