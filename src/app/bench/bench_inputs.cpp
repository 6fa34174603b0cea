#include "app/bench/bench_inputs.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/paths.h"
#include "core/procedural_image.h"

namespace livedream::app::bench {
namespace {
namespace fs = std::filesystem;

// The shared models and images, outside the repository (as the tests find them).
std::string shared_dir() {
  if (const char* env = std::getenv("LIVEDREAM_SHARED"); env && *env) return env;
  return (fs::path(source_dir()) / ".." / "shared").lexically_normal().string();
}

// A --case FILE: a path as given; a bare name in --models-dir when given, else looked up as every
// command looks up --model (core/paths.h: the models folders, ../shared/models among them).
std::string case_model_path(const BenchOptions& o, const std::string& file) {
  std::error_code ec;
  if (fs::exists(file, ec)) return file;
  if (file.find('/') != std::string::npos)
    throw runtime_error("bench model not found: " + file, "pass an existing path or a file name in --case");
  if (o.models_dir.empty()) return resolve_model_path(file);
  const std::string path = (fs::path(o.models_dir) / file).string();
  if (!fs::exists(path, ec))
    throw runtime_error("bench model not found: " + path, "pass another --models-dir, or none to search the models folders");
  return path;
}

}  // namespace

Image base_image(const BenchOptions& o) {
  const std::string path = o.image.empty() ? (fs::path(shared_dir()) / "images" / "sky.jpg").string() : o.image;
  std::error_code ec;
  if (fs::exists(path, ec)) return load_image(path);
  if (!o.image.empty()) throw runtime_error("bench image not found: " + path, "pass an existing --image or none");
  return make_clouds(1024, 1024);
}

std::vector<Case> resolve_cases(const BenchOptions& o) {
  std::vector<std::string> specs = o.cases;
  if (specs.empty()) specs = {"googlenet_bvlc.pt:inception_4c", "squeezenet1_1_caffe.pt:fire5"};
  std::vector<Case> out;
  for (const auto& spec : specs) {
    const auto colon = spec.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
      throw usage_error("--case '" + spec + "' is not FILE:LAYER", "e.g. --case googlenet_bvlc.pt:inception_4c");
    Case c;
    c.file = spec.substr(0, colon);
    c.layer = spec.substr(colon + 1);
    c.path = case_model_path(o, c.file);
    c.file = fs::path(c.path).filename().string();
    out.push_back(c);
  }
  return out;
}

}  // namespace livedream::app::bench
