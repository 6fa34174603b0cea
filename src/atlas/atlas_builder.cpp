#include "atlas/atlas_builder.h"

#include <algorithm>

#include "core/error.h"

namespace livedream::atlas {

AtlasCache atlas_cache_for(const std::string& cache_root, const dream::Model& model, const AtlasSpec& spec) {
  return AtlasCache(cache_root, model.sha256(), spec.layer, spec.options);
}

AtlasBuild build_atlas(dream::Model& model, const std::string& cache_root, const AtlasSpec& spec, const AtlasProgressCallback& progress) {
  if (spec.batch < 1) throw usage_error("--batch must be at least 1", "e.g. --batch 16");
  // The layer and channels are checked before anything is read or computed.
  dream::check_visualization_request(model, spec.layer, spec.channels, spec.options);
  const AtlasCache cache = atlas_cache_for(cache_root, model, spec);
  AtlasBuild build;
  build.cells.resize(spec.channels.size());
  std::vector<size_t> missing;
  for (size_t i = 0; i < spec.channels.size(); ++i) {
    if (auto picture = cache.load(spec.channels[i])) {
      build.cells[i] = std::move(*picture);
      ++build.cached;
    } else {
      missing.push_back(i);
    }
  }
  AtlasProgress state{build.cached, static_cast<int64_t>(spec.channels.size()), 0};
  if (progress && !progress(state)) return build;
  for (size_t first = 0; first < missing.size(); first += static_cast<size_t>(spec.batch)) {
    const size_t last = std::min(missing.size(), first + static_cast<size_t>(spec.batch));
    std::vector<int64_t> channels;
    for (size_t k = first; k < last; ++k) channels.push_back(spec.channels[missing[k]]);
    auto pictures = dream::visualize_channels(model, spec.layer, channels, spec.options);
    for (size_t k = first; k < last; ++k) {
      cache.store(spec.channels[missing[k]], pictures[k - first]);
      build.cells[missing[k]] = std::move(pictures[k - first]);
    }
    build.computed += static_cast<int64_t>(last - first);
    state.done = build.cached + build.computed;
    state.computed = build.computed;
    if (progress && !progress(state)) break;
  }
  return build;
}

}  // namespace livedream::atlas
