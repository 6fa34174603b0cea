#include "atlas/atlas_cache.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace livedream::atlas {
namespace fs = std::filesystem;

std::string atlas_cache_root() {
  if (const char* env = std::getenv("LIVEDREAM_ATLAS_CACHE"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "livedream" / "atlas").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".cache" / "livedream" / "atlas").string();
}

AtlasCache::AtlasCache(const std::string& root, const std::string& model_sha256, const std::string& layer,
                       const dream::FeatureVisualizationOptions& options)
    : size_(options.size) {
  // Every setting that changes a picture is in the name; the step size with enough digits that
  // two different ones never share a folder.
  char recipe[160];
  const std::string moves = options.transforms == Transforms::Robust ? "robust" : "roll" + std::to_string(options.jitter);
  std::snprintf(recipe, sizeof recipe, "%dpx-%dsteps-%s-%s-lr%g-seed%llu", options.size, options.steps, to_string(options.precondition),
                moves.c_str(), static_cast<double>(options.step_size), static_cast<unsigned long long>(options.seed));
  folder_ = (fs::path(root) / model_sha256 / layer / recipe).string();
}

std::string AtlasCache::cell_path(int64_t channel) const {
  return (fs::path(folder_) / ("channel_" + std::to_string(channel) + ".png")).string();
}

std::optional<Image> AtlasCache::load(int64_t channel) const {
  const std::string path = cell_path(channel);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  try {
    Image picture = load_image(path);
    if (picture.width == size_ && picture.height == size_) return picture;
  } catch (const Error&) {
    // Not a picture any more: computed again below.
  }
  fs::remove(path, ec);
  return std::nullopt;
}

void AtlasCache::store(int64_t channel, const Image& picture) const {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec)
    throw runtime_error("cannot create the atlas cache folder " + folder_ + ": " + ec.message(),
                        "make it writable, or set LIVEDREAM_ATLAS_CACHE to a writable folder");
  save_png(cell_path(channel), picture);
}

}  // namespace livedream::atlas
