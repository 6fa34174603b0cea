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

// What a preset is and whether it can run here, for lists of presets (the viewer's Input tab):
// a preset whose model file is missing should be shown as unavailable, with why_not, and never
// be applied as if it worked.
struct PresetInfo {
  std::string name;         // the preset's name: its file's stem ("tutorial")
  std::string path;         // its JSON file
  std::string description;  // its "description" key ("" when it has none)
  std::string model;        // the model it names, as written ("inception_v3.pt"; "" = the default model)
  bool available = false;   // true when that model file is found (resolve_model_path, core/paths.h)
  std::string why_not;      // when not available: one line naming the model file it needs and how to
                            // build it ("needs inception_v3.pt (not in the models folders): build it
                            // with ./.venv/bin/python models/export_model.py inception_v3 --out ...")
};

// The PresetInfo of a preset by NAME or JSON path, as load_preset finds it. Looks for the model
// file on every call (cheap: no model is loaded), so a model built meanwhile shows up. Throws
// livedream::Error as load_preset does for an unknown preset or a file that is not a valid preset.
PresetInfo preset_info(const std::string& name_or_path);
// preset_info of every built-in preset, in builtin_preset_names() order.
std::vector<PresetInfo> builtin_preset_infos();

// The parameters a livedream PNG carries in its "livedream" text chunk. Throws livedream::Error
// when the file is missing, not a PNG, or has no such chunk.
DreamParams params_from_png(const std::string& path, const DreamParams& base = {});

}  // namespace livedream
