#include "dream/objective.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "dream/precision.h"

namespace livedream::dream {

torch::Tensor best_match_dot_product(const torch::Tensor& activation, const torch::Tensor& guide_features) {
  // In the guide's dtype (float32 for a half-precision network: 512-long dot products of
  // activations in the hundreds overflow float16).
  const auto x = activation[0].reshape({activation.size(1), -1}).to(guide_features.scalar_type());  // (C, Nx)
  const auto dots = x.t().mm(guide_features);                      // (Nx, Ny)
  return std::get<0>(dots.max(1)).mean();
}

Objective::Objective(Model& model, const std::vector<LayerObjective>& terms, LossKind kind) : kind_(kind) {
  if (terms.empty()) throw usage_error("no layers to dream on", "give at least one layer, e.g. --layers inception_4c");
  std::string available;
  for (const auto& name : model.layer_names()) available += (available.empty() ? "" : ", ") + name;
  const auto& info = model.layer_info();
  for (const auto& objective : terms) {
    const int index = model.layer_index(objective.layer);
    if (index < 0)
      throw usage_error("model " + model.path() + " has no layer '" + objective.layer + "'",
                        "use one of: " + available + " (livedream layers lists them)");
    const int64_t channel_count = info[static_cast<size_t>(index)].channels;
    for (int c : objective.channels)
      if (c < 0 || c >= channel_count)
        throw usage_error("channel " + std::to_string(c) + " of layer " + objective.layer + " is out of range: it has " +
                              std::to_string(channel_count) + " channels",
                          "pick a channel from 0 to " + std::to_string(channel_count - 1));
    auto found = std::find(layers_.begin(), layers_.end(), objective.layer);
    if (found == layers_.end()) found = layers_.insert(layers_.end(), objective.layer);
    Term term;
    term.activation = static_cast<size_t>(found - layers_.begin());
    term.weight = objective.weight;
    if (!objective.channels.empty()) {
      std::vector<int64_t> channels(objective.channels.begin(), objective.channels.end());
      term.channels = torch::tensor(channels, torch::kInt64).to(model.device());
    }
    terms_.push_back(std::move(term));
    max_stride_ = std::max(max_stride_, model.layer_stride(objective.layer));
  }
}

torch::Tensor Objective::selected(const torch::Tensor& activation, const Term& term) const {
  return term.channels.defined() ? activation.index_select(1, term.channels) : activation;
}

torch::Tensor Objective::loss(const std::vector<torch::Tensor>& activations) const {
  torch::Tensor total;
  for (const auto& term : terms_) {
    // Reduced-precision activations are reduced in float32 (dream/precision.h): a float16 mean
    // square overflows, and the backward pass then starts from float32 values.
    const auto& activation = activations.at(term.activation);
    const auto act = selected(activation, term).to(reduction_dtype(activation.scalar_type()));
    torch::Tensor value;
    if (term.guide_features.defined()) value = best_match_dot_product(act, term.guide_features);
    else if (kind_ == LossKind::Mean) value = act.mean();
    else value = act.square().mean();
    if (term.weight != 1.0) value = value * term.weight;
    total = total.defined() ? total + value : value;
  }
  return total;
}

void Objective::set_guide(Model& model, const torch::Tensor& guide_unit) {
  // The guide's activations are constants: computed in inference mode (no autograd bookkeeping,
  // no argmaxes kept for a backward pass), then cloned into ordinary tensors, which the loss's
  // autograd graph may save.
  std::vector<torch::Tensor> features;
  {
    c10::InferenceMode inference;
    const auto activations = model.extract(model.from_unit(guide_unit.to(model.input_dtype())), layers_);
    for (const auto& term : terms_) {
      const auto act = selected(activations[term.activation], term);
      features.push_back(act[0].reshape({act.size(1), -1}).to(reduction_dtype(act.scalar_type())));
    }
  }
  for (size_t i = 0; i < terms_.size(); ++i) terms_[i].guide_features = features[i].clone(torch::MemoryFormat::Contiguous);
  guided_ = true;
}

void Objective::clear_guide() {
  for (auto& term : terms_) term.guide_features = torch::Tensor();
  guided_ = false;
}

}  // namespace livedream::dream
