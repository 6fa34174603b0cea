#include "viewer/library_files.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.h"
#include "core/file_io.h"
#include "core/paths.h"
#include "core/presets.h"

namespace livedream::viewer {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_with_extension(const std::vector<std::string>& dirs, const std::string& ext) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_regular_file(ec) || lower_extension(entry.path().string()) != ext) continue;
      const std::string path = fs::weakly_canonical(entry.path(), ec).string();
      if (std::find(found.begin(), found.end(), path) == found.end()) found.push_back(path);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const std::string& a, const std::string& b) { return fs::path(a).filename() < fs::path(b).filename(); });
  return found;
}

std::string preset_description(const std::string& path) {
  try {
    const auto j = nlohmann::json::parse(read_file_text(path, "preset"));
    if (j.is_object() && j.contains("description") && j["description"].is_string()) return j["description"];
    return {};
  } catch (const std::exception&) {
    return "(not a valid preset file)";
  }
}

}  // namespace

std::string preset_problem(const std::string& path) {
  try {
    const PresetInfo info = preset_info(path);
    if (!info.available) return info.why_not;
    validate(load_preset(path));
    return {};
  } catch (const std::exception& e) {
    return first_line(e.what());
  }
}

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

LibraryFiles find_library_files(const std::vector<std::string>& model_dirs, const std::vector<std::string>& preset_dirs) {
  LibraryFiles files;
  files.models = files_with_extension(model_dirs, ".pt");
  files.presets = files_with_extension(preset_dirs, ".json");
  for (const auto& path : files.presets) {
    files.preset_descriptions.push_back(preset_description(path));
    files.preset_problems.push_back(preset_problem(path));
  }
  return files;
}

}  // namespace livedream::viewer
