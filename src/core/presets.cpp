#include "core/presets.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/paths.h"
#include "core/png_keys.h"

namespace livedream {
namespace fs = std::filesystem;

namespace {

bool names_a_file(const std::string& text) {
  return text.find('/') != std::string::npos || text.ends_with(".json") || text.ends_with(".JSON");
}

}  // namespace

std::vector<std::string> builtin_preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(presets_dir(), ec))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

DreamParams load_preset(const std::string& name_or_path, const DreamParams& base) {
  std::error_code ec;
  std::string path = name_or_path;
  if (!names_a_file(name_or_path) || !fs::exists(name_or_path, ec)) {
    if (names_a_file(name_or_path))
      throw usage_error("preset file " + name_or_path + " not found", "check the path, or give a built-in preset by name");
    path = (fs::path(presets_dir()) / (name_or_path + ".json")).string();
    if (!fs::exists(path, ec)) {
      std::string known;
      for (const auto& name : builtin_preset_names()) known += (known.empty() ? "" : ", ") + name;
      throw usage_error("unknown preset '" + name_or_path + "'",
                        "use one of: " + (known.empty() ? std::string("(none installed)") : known) + ", or a JSON file path");
    }
  }
  return params_from_json_text(read_file_text(path, "preset"), path, base);
}

DreamParams params_from_png(const std::string& path, const DreamParams& base) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw usage_error("--params-from file not found: " + path, "give a PNG written by livedream");
  const auto text = read_png_text(path);
  const auto found = text.find(png_keys::kParams);
  if (found == text.end())
    throw usage_error(path + " carries no livedream parameters", "give a PNG written by livedream dream or a viewer screenshot");
  return params_from_json_text(found->second, path, base);
}

}  // namespace livedream
