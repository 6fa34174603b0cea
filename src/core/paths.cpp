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
  // The ready models of the project's machines (the bench's and the tests' folder), last.
  if (const char* env = std::getenv("LIVEDREAM_SHARED"); env && *env)
    dirs.push_back((fs::path(env) / "models").string());
  else
    dirs.push_back((fs::path(source_dir()) / ".." / "shared" / "models").lexically_normal().string());
  return dirs;
}

namespace {
// Every model file livedream names, and how it is made: `exporter` is models/export_model.py's
// `model` argument (its MODELS tuple; tests/core/test_model_path.cpp checks the two agree), empty
// for a file the exporter does not build.
struct KnownModel {
  const char* file;
  const char* exporter;
};
constexpr KnownModel kKnownModels[] = {
    {"googlenet_bvlc.pt", "bvlc_googlenet"},  // the default model
    {"googlenet.pt", "googlenet"},           {"inception_v3.pt", "inception_v3"}, {"vgg16.pt", "vgg16"},
    {"squeezenet1_1_caffe.pt", ""},  // a ready-made file (bench, tests)
};
}  // namespace

std::vector<std::string> known_model_files() {
  std::vector<std::string> files;
  for (const auto& m : kKnownModels) files.emplace_back(m.file);
  return files;
}

std::string model_build_hint(const std::string& file_name) {
  for (const auto& m : kKnownModels) {
    if (file_name != m.file) continue;
    if (*m.exporter == '\0')
      return std::string("models/export_model.py does not build ") + m.file +
             ": copy it into models/ (the project's machines have it in ../shared/models), or pass --model PATH";
    return std::string("build it with ./.venv/bin/python models/export_model.py ") + m.exporter + " --out models/" + m.file +
           " (see models/README.md), or pass --model PATH";
  }
  return "pass --model PATH, or put " + file_name +
         " into one of those folders (models/README.md lists the models models/export_model.py builds)";
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
  if (const std::string fallback = default_model_path(); !fallback.empty() && fs::path(fallback).filename() == model) return fallback;
  std::string searched;
  for (const auto& dir : model_search_dirs()) {
    const fs::path candidate = fs::path(dir) / model;
    if (fs::exists(candidate, ec)) return candidate.string();
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  throw runtime_error("model " + model + " not found in the models folders (" + searched + ")", model_build_hint(model));
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

std::string shaders_dir() { return first_existing({fs::path(executable_dir()) / "shaders", fs::path(source_dir()) / "shaders"}); }

}  // namespace livedream
