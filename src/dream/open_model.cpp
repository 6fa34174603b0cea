#include "dream/open_model.h"

#include "core/error.h"
#include "core/paths.h"
#include "dream/device.h"

namespace livedream::dream {
namespace {

// The model path params.model names; never empty.
std::string model_path(const DreamParams& params) {
  const std::string path = resolve_model_path(params.model);  // bare names (from presets) too
  if (path.empty()) {
    // No model named and no default model: say where the default was looked for.
    std::string dirs;
    for (const auto& d : model_search_dirs()) dirs += (dirs.empty() ? "" : ", ") + d;
    throw runtime_error("no model found (looked for googlenet_bvlc.pt in " + dirs + ")",
                        "pass --model PATH, set LIVEDREAM_MODEL, or build one with models/export_model.py");
  }
  return path;
}

}  // namespace

std::shared_ptr<Model> open_model(const DreamParams& params) {
  // The device and dtype first: a missing GPU is reported before any file is looked for.
  const torch::Device device = resolve_device(params.device);
  const torch::ScalarType dtype = resolve_dtype(params.dtype, device);
  return std::make_shared<Model>(Model::load(model_path(params), device, dtype));
}

}  // namespace livedream::dream
