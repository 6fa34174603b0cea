#include "viewer/viewer_atlas.h"

#include <algorithm>

#include "render/image_texture.h"

namespace livedream::viewer {
namespace {

// Uploads per frame: a 96 px thumbnail is 27 KB, so this keeps a frame's upload under a megabyte
// when a whole cached layer arrives at once.
constexpr size_t kUploadsPerFrame = 32;

}  // namespace

ViewerAtlas::ViewerAtlas(AtlasSourceFactory factory) : factory_(std::move(factory)) {}

void ViewerAtlas::update(const DreamParams& params, const ui::ModelView& model, bool open, ui::AtlasView& view) {
  AtlasTarget target;
  if (!model.loaded_path.empty() && !params.layers.empty()) {
    target.model = model.loaded_path;
    target.device = model.device;
    target.layer = params.layers.front().layer;
    for (const auto& l : model.layers)
      if (l.name == target.layer) target.channels = l.channels;
  }
  if (!factory_) {
    view.layer = target.layer;
    view.error = "the channel atlas is not available in this build";
    return;
  }
  if (open && !worker_) worker_ = std::make_unique<AtlasWorker>(factory_);
  if (!worker_) {
    view.layer = target.layer;
    return;
  }
  worker_->want(target);
  worker_->set_compute(open && view.compute, view.share);
  if (!(target == shown_)) {  // another layer or model: the old thumbnails go
    shown_ = target;
    textures_.clear();
    textures_.resize(static_cast<size_t>(std::max<int64_t>(target.channels, 0)));
    pending_.clear();
  }
  for (auto& ready : worker_->take_ready())
    if (ready.target == shown_) pending_.push_back(std::move(ready));
  const size_t uploads = std::min(pending_.size(), kUploadsPerFrame);
  for (size_t i = 0; i < uploads; ++i) {
    const auto& ready = pending_[i];
    if (ready.channel >= 0 && static_cast<size_t>(ready.channel) < textures_.size())
      render::upload_image(textures_[static_cast<size_t>(ready.channel)], ready.picture);
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(uploads));

  const AtlasStatus status = worker_->status();
  view.layer = target.layer;
  view.textures.resize(textures_.size());
  int64_t uploaded = 0;
  for (size_t c = 0; c < textures_.size(); ++c) {
    view.textures[c] = textures_[c].id();
    uploaded += textures_[c].empty() ? 0 : 1;
  }
  view.ready = uploaded;
  view.total = target.channels;
  view.computing = status.computing;
  view.error = status.error;
}

void ViewerAtlas::apply(const ui::UiRequests& requests, ui::AtlasView& view) {
  if (requests.atlas_compute >= 0) view.compute = requests.atlas_compute == 1;
  if (requests.atlas_share >= 0) view.share = std::clamp(requests.atlas_share, 0.0f, 1.0f);
}

}  // namespace livedream::viewer
