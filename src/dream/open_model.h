// Opening the model a dream asks for: the one place that turns DreamParams' model, device and
// dtype into a loaded dream::Model (the dream and render commands, the viewer and the bench,
// whose parameters name the model file by its path).
#pragma once
#include <memory>

#include "core/dream_params.h"
#include "dream/model.h"

namespace livedream::dream {

// params.model resolved as core/paths.h's resolve_model_path does (empty: the default model; a
// bare file name: looked up in the models folders), loaded on params.device in params.dtype
// (dream/device.h). Throws livedream::Error for, in this order: an unknown or unavailable device
// or dtype, no default model (naming the folders searched), a model not found, or a file
// Model::load refuses.
std::shared_ptr<Model> open_model(const DreamParams& params);

}  // namespace livedream::dream
