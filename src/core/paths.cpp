#include "core/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

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
