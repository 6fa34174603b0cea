// The session's backend in the program: LibTorch's dream::Engine on the model's device.
// The only file of the session that sees LibTorch.
#include "session/torch_backend.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>

#include <algorithm>

#include "core/error.h"
#include "dream/engine.h"
#include "dream/model.h"
#include "dream/open_model.h"
#include "dream/rgba_frame_tensor.h"

namespace livedream::session {
namespace {

// LibTorch's errors carry a backtrace: keep the first line, as a livedream::Error.
template <typename F>
auto torch_call(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const c10::Error& e) {
    throw runtime_error(std::string(what) + ": " + first_line(e.what_without_backtrace()),
                        "try a smaller resolution, another device or another model");
  }
}

std::string default_layer(const dream::Model& model) {
  if (model.has_layer("inception_4c")) return "inception_4c";
  const auto& names = model.layer_names();
  return names.empty() ? std::string() : names[names.size() * 3 / 5];
}

// Layers the model lacks (or channels beyond a layer's count) are replaced so that switching
// models never fails on the objective alone.
void fit_layers_to_model(DreamParams& params, dream::Model& model) {
  std::vector<LayerObjective> kept;
  for (auto objective : params.layers) {
    if (objective.is_class()) {  // kept where the new model classifies (a name it lacks is an error then)
      if (!model.class_names().empty()) kept.push_back(objective);
      continue;
    }
    const int index = model.layer_index(objective.layer);
    if (index < 0) continue;
    const int64_t channels = model.layer_info()[static_cast<size_t>(index)].channels;
    objective.strongest = static_cast<int>(std::min<int64_t>(objective.strongest, channels));
    objective.channels.erase(std::remove_if(objective.channels.begin(), objective.channels.end(), [&](int c) { return c >= channels; }),
                             objective.channels.end());
    kept.push_back(objective);
  }
  if (kept.empty()) kept.push_back({default_layer(model), 1.0f, {}});
  params.layers = kept;
}

class TorchBackend final : public DreamBackend {
 public:
  TorchBackend(std::shared_ptr<dream::Model> model, std::unique_ptr<dream::Engine> engine)
      : model_(std::move(model)), engine_(std::move(engine)) {
    resolve_layers();
  }

  ModelDescription describe() override {
    ModelDescription d;
    d.path = model_->path();
    d.sha256 = model_->sha256();
    d.device = model_->device().str();
    d.on_cuda = model_->device().is_cuda();
    for (const auto& info :
         torch_call("reading the model's layers", [&]() -> const std::vector<dream::LayerInfo>& { return model_->layer_info(); }))
      d.layers.push_back({info.name, info.channels, info.stride});
    return d;
  }
  void set_params(const DreamParams& params) override {
    torch_call("applying the settings", [&] { engine_->set_params(params); });
    resolve_layers();
  }
  void set_source(const Image& image) override {
    torch_call("setting the image", [&] { engine_->set_source(image); });
    resolve_layers();
  }
  void set_guide(const Image* guide) override {
    torch_call("setting the guide", [&] {
      if (guide)
        engine_->set_guide(*guide);
      else
        engine_->clear_guide();
    });
  }
  void reset() override {
    torch_call("resetting", [&] { engine_->reset(); });
  }
  void next_frame(const Image& source, const MotionField* motion) override {
    torch_call("taking the next video frame", [&] { engine_->next_frame(source, motion); });
    if (has_strongest_) resolve_layers();  // a new shot's first frame chooses again
  }
  void step() override {
    torch_call("dream step", [&] { engine_->step(); });
  }
  BackendTimings last_timings() override {
    const auto t = engine_->last_timings();
    return {t.forward_ms, t.backward_ms, t.update_ms, t.total_ms, !model_->device().is_cuda()};
  }
  float loss() override {
    return torch_call("reading the loss", [&] { return engine_->last_loss(); });
  }
  RgbaFrame frame(bool device_ok) override {
    return torch_call("reading the dream", [&] {
      torch::Tensor t = engine_->frame_rgba8();
      if (!(device_ok && t.is_cuda())) t = t.to(torch::kCPU);
      return dream::wrap_rgba_frame(std::move(t));
    });
  }
  RgbaFrame host_copy(const RgbaFrame& frame) override {
    if (!frame.on_device) return frame;
    return torch_call("copying the dream to the host", [&] {
      // The owner is the tensor frame() wrapped. The copy runs on this thread's current stream,
      // the engine's, so it follows the step that wrote the pixels.
      const auto tensor = std::static_pointer_cast<const torch::Tensor>(frame.owner);
      return dream::wrap_rgba_frame(tensor->to(torch::kCPU));
    });
  }
  Image frame_rgb() override {
    return torch_call("reading the dream", [&] { return engine_->frame(); });
  }
  void set_cpu_threads(int threads) override {
    if (!model_->device().is_cuda() && threads > 0) at::set_num_threads(threads);
  }
  const std::string& resolved_layers() const override { return resolved_layers_; }

 private:
  // Only strongN terms resolve to something new; other specs are reported as they are.
  void resolve_layers() {
    const auto& wanted = engine_->params().layers;
    has_strongest_ = std::any_of(wanted.begin(), wanted.end(), [](const LayerObjective& l) { return l.strongest > 0; });
    resolved_layers_ = format_layers(engine_->resolved_layers());
  }

  std::string resolved_layers_;
  bool has_strongest_ = false;
  std::shared_ptr<dream::Model> model_;
  std::unique_ptr<dream::Engine> engine_;
};

}  // namespace

BackendFactory torch_backend_factory() {
  return [](DreamParams& params, const Image& source) -> std::unique_ptr<DreamBackend> {
    return torch_call("loading the model", [&]() -> std::unique_ptr<DreamBackend> {
      auto model = dream::open_model(params);  // bare names (from presets) too
      fit_layers_to_model(params, *model);
      auto engine = std::make_unique<dream::Engine>(model, params);
      engine->set_source(source);
      return std::make_unique<TorchBackend>(std::move(model), std::move(engine));
    });
  };
}

}  // namespace livedream::session
