#include "core/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace livedream {
namespace fs = std::filesystem;

std::string executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::string source_dir() { return LIVEDREAM_SOURCE_DIR; }

std::vector<std::string> model_search_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("LIVEDREAM_MODELS_DIR"); env && *env) dirs.emplace_back(env);
  dirs.push_back(executable_dir() + "/models");
  dirs.push_back(source_dir() + "/models");
  return dirs;
}

std::string default_model_path() {
  if (const char* env = std::getenv("LIVEDREAM_MODEL"); env && *env) return env;
  std::error_code ec;
  for (const auto& dir : model_search_dirs()) {
    const fs::path candidate = fs::path(dir) / "googlenet_bvlc.pt";
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return {};
}

std::string resolve_model_path(const std::string& model) {
  if (model.empty()) return default_model_path();  // empty when there is none: dream::open_model explains that
  std::error_code ec;
  if (fs::exists(model, ec) || model.find('/') != std::string::npos) return model;
  // Presets name GoogLeNet by file name; $LIVEDREAM_MODEL may point at it outside the models folders.
  if (const std::string fallback = default_model_path(); !fallback.empty() && fs::path(fallback).filename() == model)
    return fallback;
  std::string searched;
  for (const auto& dir : model_search_dirs()) {
    const fs::path candidate = fs::path(dir) / model;
    if (fs::exists(candidate, ec)) return candidate.string();
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  const std::string stem = fs::path(model).stem().string();
  throw runtime_error("model " + model + " not found in the models folders (" + searched + ")",
                      "build it with ./.venv/bin/python models/export_model.py " + stem + " --out models/" + model +
                          " (see models/README.md), or pass --model PATH");
}

namespace {
std::string first_existing(const std::vector<fs::path>& candidates) {
  std::error_code ec;
  for (const auto& c : candidates)
    if (fs::is_directory(c, ec)) return c.string();
  return candidates.back().string();
}
}  // namespace

std::string presets_dir() {
  return first_existing({fs::path(executable_dir()) / "assets/presets", fs::path(source_dir()) / "assets/presets"});
}

std::string shaders_dir() {
  return first_existing({fs::path(executable_dir()) / "shaders", fs::path(source_dir()) / "shaders"});
}

}  // namespace livedream
