// What a dream maximises: a weighted sum of terms, one per chosen layer (or channels of a
// layer), in the TensorFlow tutorial's form (mean activation) or the Caffe notebook's (mean
// squared activation); or, with a guide image, the Google notebook's "controlling dreams" match
// (or Lucid's cosine-weighted direction). Richer terms: a neuron at a point of the picture, a
// class of the classifier (its logit), and the picture's strongest channels of a layer.
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

// Lucid's direction objective with cosine weighting (lucid/optvis/objectives.py, _dot_cossim):
// mean_i <x_i, d> * max(0.1, cos(x_i, d))^power over the positions i of `activation`
// (1, C, H, W); `direction` is (C), in the dtype the products are computed in. power 0 is the
// plain mean projection onto d.
torch::Tensor cosine_weighted_direction(const torch::Tensor& activation, const torch::Tensor& direction, double power);

// The index of the class `wanted` names among `class_names` (synset words, "tabby, tabby cat";
// an optional leading WordNet id "n02123045 " is ignored): an index as digits, else a
// case-insensitive match of one of the comma-separated names, exact first, then a unique
// substring. Throws livedream::Error (usage) for an unknown or ambiguous name, listing a few
// close matches.
int match_class(const std::vector<std::string>& class_names, const std::string& wanted);

// Where the network's input sits in the picture the objective is about. The ascent rolls the
// picture (jitter) and the gradient may be computed tile by tile, so a term tied to a place of
// the picture (a neuron at a point) has to find that place in what the network sees; terms over
// the whole input count by the share of the picture the input covers (so the tiles' sum is the
// whole picture's objective).
struct InputView {
  int64_t picture_height = 0, picture_width = 0;  // the whole picture
  int64_t top = 0, left = 0;                      // the input's offset in the rolled picture
  int64_t height = 0, width = 0;                  // the input's size
  int64_t roll_dy = 0, roll_dx = 0;               // the picture was rolled by these (torch::roll)

  // The whole picture as the input, rolled by (dy, dx).
  static InputView whole(int64_t height, int64_t width, int64_t roll_dy = 0, int64_t roll_dx = 0) {
    return {height, width, 0, 0, height, width, roll_dy, roll_dx};
  }
  double area_share() const { return static_cast<double>(height * width) / static_cast<double>(picture_height * picture_width); }
};

class Objective {
 public:
  // Checks every layer, channel and class against the model; throws livedream::Error (usage)
  // naming the layer, channel or class and what the model offers.
  Objective(Model& model, const std::vector<LayerObjective>& terms, LossKind kind);

  // The distinct layers to extract, in first-mentioned order.
  const std::vector<std::string>& layers() const { return layers_; }
  LossKind kind() const { return kind_; }
  // The largest stride among the layers in use: tiles start on multiples of it, so a tile's
  // activations sit on the same grid as the whole image's.
  int64_t max_stride() const { return max_stride_; }
  // Whether a term needs the classifier's logits (a second forward pass through the whole network).
  bool needs_logits() const { return needs_logits_; }
  // Whether the loss depends on where the input sits in the picture (a neuron at a point): then a
  // captured CUDA graph, which bakes in one view, cannot stand for every step.
  bool depends_on_view() const { return depends_on_view_; }

  // The scalar to maximise (a device tensor: no sync) for the network input `input` ((1, 3, h, w)
  // in [-1, 1], the model's input dtype), which sits in the picture as `view` says: runs the
  // network (extract, and classify when a class term asks) and sums the terms.
  torch::Tensor loss(Model& model, const torch::Tensor& input, const InputView& view) const;

  // strongN terms: picks each one's N channels with the largest mean activation on `picture_unit`
  // ((1, 3, H, W) in [-1, 1]); deterministic for a picture. Until then loss() refuses them.
  bool has_strongest() const { return has_strongest_; }
  void choose_strongest(Model& model, const torch::Tensor& picture_unit);
  // The channels chosen per term (strongest first; empty for terms that are not strongN).
  const std::vector<std::vector<int>>& chosen_channels() const { return chosen_; }
  // The terms with the chosen channels written in (a reproducible layer spec for the report).
  std::vector<LayerObjective> resolved_terms() const;

  // Guided dreams: `guide_unit` is (1, 3, H, W) in [-1, 1]; its activations are computed once
  // here, without gradients, and every layer term then maximises the match with them (class
  // terms stay as they are). With a cosine power > 0 the match is Lucid's cosine-weighted
  // direction towards the guide's mean activation instead of the notebook's best match.
  void set_guide(Model& model, const torch::Tensor& guide_unit);
  void clear_guide();
  bool guided() const { return guided_; }
  void set_guide_cosine_power(double power) { guide_cosine_power_ = power; }
  double guide_cosine_power() const { return guide_cosine_power_; }

 private:
  struct Term {
    size_t activation = 0;  // index into layers()
    double weight = 1.0;
    LayerObjective spec;
    int64_t stride = 1;             // the layer's stride: a point's activation cell is its pixel / stride
    int64_t class_index = -1;       // a class term's class
    torch::Tensor channels;         // int64 indices on the device; undefined: every channel
    torch::Tensor guide_features;   // (C, Ny); undefined unless guided
    torch::Tensor guide_direction;  // (C), unit length: the guide's mean activation direction
  };
  torch::Tensor selected(const torch::Tensor& activation, const Term& term) const;
  torch::Tensor layer_term(const torch::Tensor& activation, const Term& term, const InputView& view) const;

  std::vector<std::string> layers_;
  std::vector<Term> terms_;
  std::vector<std::vector<int>> chosen_;
  LossKind kind_;
  int64_t max_stride_ = 1;
  bool guided_ = false;
  bool needs_logits_ = false;
  bool depends_on_view_ = false;
  bool has_strongest_ = false;
  double guide_cosine_power_ = 0.0;
};

}  // namespace livedream::dream
