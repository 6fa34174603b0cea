// The model and preset files the Input tab offers: .pt files in the model folders, .json presets
// (built-in and the user's) with their descriptions. Reads the disk: call on a change (start, a
// model loaded, a preset saved), never per frame.
#pragma once
#include <string>
#include <vector>

namespace livedream::viewer {

struct LibraryFiles {
  std::vector<std::string> models;               // full paths, sorted by file name
  std::vector<std::string> presets;              // full paths, sorted by file name
  std::vector<std::string> preset_descriptions;  // same order; "(not a valid preset file)" when unreadable
  std::vector<std::string> preset_problems;      // same order; why it cannot run here (e.g. its model is missing), else empty
};

LibraryFiles find_library_files(const std::vector<std::string>& model_dirs, const std::vector<std::string>& preset_dirs);

// Why the preset at `path` cannot run with the models present (one line: unreadable, invalid, or
// the model it names is missing and how to build it); empty when it can.
std::string preset_problem(const std::string& path);

// ".json" for "A/b.JSON": the extension, lower case.
std::string lower_extension(const std::string& path);

}  // namespace livedream::viewer
