// Building an atlas: every requested channel's picture from the cache, and the missing ones
// computed in batches of feature visualizations and stored there.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "atlas/atlas_cache.h"
#include "core/image.h"
#include "dream/feature_visualization.h"
#include "dream/model.h"

namespace livedream::atlas {

struct AtlasSpec {
  std::string layer;
  std::vector<int64_t> channels;
  dream::FeatureVisualizationOptions options;
  int batch = 16;  // channels computed together (one batch of images)
};

struct AtlasProgress {
  int64_t done = 0;  // pictures ready (cached or computed) so far
  int64_t total = 0;
  int64_t computed = 0;  // of those, computed in this build
};

struct AtlasBuild {
  std::vector<Image> cells;  // in spec.channels' order
  int64_t computed = 0, cached = 0;
};

// Called after the cache is read and after each batch; returns false to stop the build (the
// pictures computed so far are stored), e.g. when the viewer closes.
using AtlasProgressCallback = std::function<bool(const AtlasProgress&)>;

// The cache for `model` and `spec` under `cache_root` (atlas_cache_root() in the program).
AtlasCache atlas_cache_for(const std::string& cache_root, const dream::Model& model, const AtlasSpec& spec);

// Throws livedream::Error (usage) for an unknown layer, a channel out of range or batch < 1;
// (runtime) when the cache cannot be written. A stopped build returns only the pictures it has,
// with empty Images for the rest.
AtlasBuild build_atlas(dream::Model& model, const std::string& cache_root, const AtlasSpec& spec,
                       const AtlasProgressCallback& progress = {});

}  // namespace livedream::atlas
