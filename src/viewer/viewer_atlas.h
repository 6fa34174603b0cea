// The atlas as the viewer shows it: the worker (viewer/atlas_worker.h) and one GL texture per
// finished thumbnail, uploaded on the render thread a few per frame; fills ui::AtlasView.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "render/gl_texture.h"
#include "ui/ui_state.h"
#include "viewer/atlas_worker.h"

namespace livedream::viewer {

class ViewerAtlas {
 public:
  explicit ViewerAtlas(AtlasSourceFactory factory);

  // Once a frame, before the UI: the atlas of the first layer's layer of the loaded model. The
  // worker starts on it only once the panel has been open (`open`: it was drawn last frame), and
  // computes only while it is open. Needs the GL context (uploads).
  void update(const DreamParams& params, const ui::ModelView& model, bool open, ui::AtlasView& view);
  // The panel's edits of compute / share.
  void apply(const ui::UiRequests& requests, ui::AtlasView& view);

 private:
  AtlasSourceFactory factory_;
  std::unique_ptr<AtlasWorker> worker_;  // made when the panel first opens
  AtlasTarget shown_;                    // the target the textures belong to
  std::vector<render::GlTexture> textures_;
  std::vector<AtlasWorker::Ready> pending_;  // taken from the worker, not uploaded yet
};

}  // namespace livedream::viewer
