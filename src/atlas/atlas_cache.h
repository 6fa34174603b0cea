// The atlas cache: one PNG per channel picture, in a folder per model (its sha256), layer and the
// settings that change the picture, so a picture is computed once per model and recipe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/image.h"
#include "dream/feature_visualization.h"

namespace livedream::atlas {

// $LIVEDREAM_ATLAS_CACHE, else $XDG_CACHE_HOME/livedream/atlas, else ~/.cache/livedream/atlas.
std::string atlas_cache_root();

class AtlasCache {
 public:
  // The folder <root>/<model sha256>/<layer>/<size>px-<steps>steps-<precondition>-<transforms>-...; nothing is
  // created until the first store().
  AtlasCache(const std::string& root, const std::string& model_sha256, const std::string& layer,
             const dream::FeatureVisualizationOptions& options);

  const std::string& folder() const { return folder_; }
  std::string cell_path(int64_t channel) const;

  // The channel's picture, or nothing when it is not cached. A file that does not decode as a
  // picture of the expected size (truncated, overwritten, from another recipe) is removed and
  // reported as not cached, so it is computed again.
  std::optional<Image> load(int64_t channel) const;
  // Writes the picture atomically (core's save_png). Throws livedream::Error (runtime) naming the
  // folder when it cannot be written.
  void store(int64_t channel, const Image& picture) const;

 private:
  std::string folder_;
  int size_ = 0;
};

}  // namespace livedream::atlas
