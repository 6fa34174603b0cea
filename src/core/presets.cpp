#include "core/presets.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

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

namespace {

// The JSON file a preset NAME or path stands for; throws as load_preset documents.
std::string preset_file(const std::string& name_or_path) {
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
  return path;
}

}  // namespace

DreamParams load_preset(const std::string& name_or_path, const DreamParams& base) {
  const std::string path = preset_file(name_or_path);
  return params_from_json_text(read_file_text(path, "preset"), path, base);
}

PresetInfo preset_info(const std::string& name_or_path) {
  PresetInfo info;
  info.path = preset_file(name_or_path);
  info.name = fs::path(info.path).stem().string();
  const std::string text = read_file_text(info.path, "preset");
  info.model = params_from_json_text(text, info.path).model;  // validates the preset as load_preset does
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_object() && json.contains("description") && json["description"].is_string())
    info.description = json["description"].get<std::string>();

  const std::string needed = info.model.empty() ? "googlenet_bvlc.pt" : fs::path(info.model).filename().string();
  std::string found;
  try {
    found = resolve_model_path(info.model);
  } catch (const Error&) {
    // Not in the models folders: why_not below.
  }
  std::error_code ec;
  info.available = !found.empty() && fs::exists(found, ec);
  if (!info.available) {
    if (info.model.find('/') != std::string::npos)
      info.why_not = "needs " + info.model + ", which does not exist (fix the preset's \"model\")";
    else
      info.why_not = "needs " + needed + " (not in the models folders): " + model_build_hint(needed);
  }
  return info;
}

std::vector<PresetInfo> builtin_preset_infos() {
  std::vector<PresetInfo> infos;
  for (const auto& name : builtin_preset_names()) infos.push_back(preset_info(name));
  return infos;
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
