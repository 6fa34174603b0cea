#include "app/atlas_cell_source.h"

#include <memory>

#include "atlas/atlas_builder.h"
#include "atlas/atlas_cache.h"
#include "core/dream_params.h"
#include "dream/feature_visualization.h"
#include "dream/open_model.h"

namespace livedream::app {
namespace {

class AtlasModuleSource : public viewer::AtlasCellSource {
 public:
  void open(const std::string& model, const std::string& device) override {
    DreamParams params;
    params.model = model;
    params.device = device.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
    model_ = dream::open_model(params);  // an instance of its own: the dream's is the session worker's
  }

  std::optional<Image> cached(const std::string& layer, int64_t channel) override { return cache_for(layer).load(channel); }

  std::vector<Image> compute(const std::string& layer, const std::vector<int64_t>& channels) override {
    auto pictures = dream::visualize_channels(*model_, layer, channels, options_);
    const auto cache = cache_for(layer);
    for (size_t i = 0; i < channels.size(); ++i) cache.store(channels[i], pictures[i]);
    return pictures;
  }

 private:
  atlas::AtlasCache cache_for(const std::string& layer) const { return atlas::AtlasCache(root_, model_->sha256(), layer, options_); }

  std::shared_ptr<dream::Model> model_;
  dream::FeatureVisualizationOptions options_;  // the command's defaults: one cache for both
  std::string root_ = atlas::atlas_cache_root();
};

}  // namespace

viewer::AtlasSourceFactory atlas_cell_source_factory() {
  return [] { return std::make_unique<AtlasModuleSource>(); };
}

}  // namespace livedream::app
