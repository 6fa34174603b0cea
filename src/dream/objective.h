// What a dream maximises: a weighted sum of terms, one per chosen layer (or channels of a
// layer), in the TensorFlow tutorial's form (mean activation) or the Caffe notebook's (mean
// squared activation); or, with a guide image, the Google notebook's "controlling dreams" match.
#pragma once
#include <torch/script.h>

#include <string>
#include <vector>

#include "core/dream_params.h"
#include "dream/model.h"

namespace livedream::dream {

// The Google notebook's guide objective (objective_guide): for each spatial position i of the
// image's activation x (C channels), the best dot product with any position j of the guide's
// activation y, averaged over i: mean_i max_j <x_i, y_j>. Its gradient at x_i is the best
// matching guide vector, which is exactly what the notebook writes into the layer's diff.
// `activation` is (1, C, H, W); `guide_features` is (C, Ny). The products are computed in the
// guide's dtype (Objective keeps half-precision guides in float32).
torch::Tensor best_match_dot_product(const torch::Tensor& activation, const torch::Tensor& guide_features);

class Objective {
 public:
  // Checks every layer and channel against the model; throws livedream::Error (usage) naming
  // the layer or channel and what the model offers.
  Objective(Model& model, const std::vector<LayerObjective>& terms, LossKind kind);

  // The distinct layers to extract, in first-mentioned order (loss() expects their activations).
  const std::vector<std::string>& layers() const { return layers_; }
  LossKind kind() const { return kind_; }
  // The largest stride among the layers in use: tiles start on multiples of it, so a tile's
  // activations sit on the same grid as the whole image's.
  int64_t max_stride() const { return max_stride_; }

  // The scalar to maximise (a device tensor: no sync), from the activations of layers().
  torch::Tensor loss(const std::vector<torch::Tensor>& activations) const;

  // Guided dreams: `guide_unit` is (1, 3, H, W) in [-1, 1]; its activations are computed once
  // here, without gradients, and every term then maximises the match with them.
  void set_guide(Model& model, const torch::Tensor& guide_unit);
  void clear_guide();
  bool guided() const { return guided_; }

 private:
  struct Term {
    size_t activation = 0;  // index into layers()
    double weight = 1.0;
    torch::Tensor channels;        // int64 indices on the device; undefined: every channel
    torch::Tensor guide_features;  // (C, Ny); undefined unless guided
  };
  torch::Tensor selected(const torch::Tensor& activation, const Term& term) const;

  std::vector<std::string> layers_;
  std::vector<Term> terms_;
  LossKind kind_;
  int64_t max_stride_ = 1;
  bool guided_ = false;
};

}  // namespace livedream::dream
