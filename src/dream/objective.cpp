#include "dream/objective.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/error.h"
#include "dream/precision.h"

namespace livedream::dream {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// "n02123045 tabby" -> "tabby": a WordNet id before the words is not part of the name.
std::string without_wordnet_id(const std::string& text) {
  if (text.size() > 10 && text[0] == 'n' && text[9] == ' ' &&
      std::all_of(text.begin() + 1, text.begin() + 9, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return text.substr(10);
  return text;
}

// "n02123045 tabby, tabby cat" -> {"tabby", "tabby cat"}, lower case.
std::vector<std::string> class_synonyms(const std::string& class_name) {
  const std::string text = without_wordnet_id(class_name);
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (auto name = lower(trimmed(text.substr(start, comma - start))); !name.empty()) names.push_back(std::move(name));
    start = comma + 1;
  }
  return names;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string listed(const std::vector<std::string>& class_names, const std::vector<int>& indices, size_t at_most = 5) {
  std::string out;
  for (size_t i = 0; i < indices.size() && i < at_most; ++i)
    out += (i ? "; " : "") + class_synonyms(class_names[static_cast<size_t>(indices[i])]).front() + " (" + std::to_string(indices[i]) + ")";
  if (indices.size() > at_most) out += "; ... " + std::to_string(indices.size() - at_most) + " more";
  return out;
}

// A term over the whole input, counted by the share of the picture the input covers (no extra
// kernel for the whole picture).
torch::Tensor scaled_by_share(const torch::Tensor& value, const InputView& view) {
  const double share = view.area_share();
  return share == 1.0 ? value : value * share;
}

int64_t floor_mod(int64_t value, int64_t modulus) { return ((value % modulus) + modulus) % modulus; }

}  // namespace

torch::Tensor best_match_dot_product(const torch::Tensor& activation, const torch::Tensor& guide_features) {
  // In the guide's dtype (float32 for a half-precision network: 512-long dot products of
  // activations in the hundreds overflow float16).
  const auto x = activation[0].reshape({activation.size(1), -1}).to(guide_features.scalar_type());  // (C, Nx)
  const auto dots = x.t().mm(guide_features);                                                       // (Nx, Ny)
  return std::get<0>(dots.max(1)).mean();
}

torch::Tensor cosine_weighted_direction(const torch::Tensor& activation, const torch::Tensor& direction, double power) {
  const auto x = activation[0].reshape({activation.size(1), -1}).to(direction.scalar_type());  // (C, Nx)
  const auto dots = direction.matmul(x);                                                       // (Nx)
  if (power == 0.0) return dots.mean();
  // Lucid's eps and floor: the floor keeps a positive pull where x points away from d.
  constexpr double kEps = 1e-4;
  const auto cosines = dots / (x.norm(2, 0) + kEps) / (direction.norm() + kEps);
  return (dots * cosines.clamp_min(0.1).pow(power)).mean();
}

int match_class(const std::vector<std::string>& class_names, const std::string& wanted) {
  if (class_names.empty()) throw usage_error("the model has no class names", "use a model with a classifier for class:NAME");
  const std::string fix_index = "class:INDEX (0.." + std::to_string(class_names.size() - 1) + ") picks one by number";
  if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (wanted.size() <= 6 && std::stoul(wanted) < class_names.size()) return std::stoi(wanted);
    throw usage_error("class " + wanted + " is out of range: the model has " + std::to_string(class_names.size()) + " classes", fix_index);
  }
  const std::string key = lower(trimmed(without_wordnet_id(trimmed(wanted))));
  // Three tiers, the first that matches decides: a whole name ("tiger"), whole words of a name
  // ("cat" in "tiger cat", not in "catamaran"), a part of a name.
  std::vector<int> tiers[3];
  const auto has_word = [&key](const std::string& name) {
    for (size_t at = name.find(key); at != std::string::npos; at = name.find(key, at + 1)) {
      const size_t end = at + key.size();
      if ((at == 0 || name[at - 1] == ' ' || name[at - 1] == '-') && (end == name.size() || name[end] == ' ' || name[end] == '-'))
        return true;
    }
    return false;
  };
  for (size_t i = 0; i < class_names.size() && !key.empty(); ++i) {
    int tier = 3;
    for (const auto& name : class_synonyms(class_names[i])) {
      if (name == key)
        tier = std::min(tier, 0);
      else if (has_word(name))
        tier = std::min(tier, 1);
      else if (name.find(key) != std::string::npos)
        tier = std::min(tier, 2);
    }
    if (tier < 3) tiers[tier].push_back(static_cast<int>(i));
  }
  for (const auto& matches : tiers) {
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1)
      throw usage_error("class '" + wanted + "' is ambiguous: " + listed(class_names, matches), "use a longer name, or " + fix_index);
  }
  // Unknown: the closest names by edit distance, as suggestions.
  std::vector<std::pair<size_t, int>> distances;
  for (size_t i = 0; i < class_names.size(); ++i) {
    size_t best = SIZE_MAX;
    for (const auto& name : class_synonyms(class_names[i])) best = std::min(best, edit_distance(key, name));
    distances.emplace_back(best, static_cast<int>(i));
  }
  std::partial_sort(distances.begin(), distances.begin() + std::min<size_t>(3, distances.size()), distances.end());
  std::vector<int> close;
  for (size_t i = 0; i < 3 && i < distances.size(); ++i) close.push_back(distances[i].second);
  throw usage_error("the model has no class '" + wanted + "'", "close: " + listed(class_names, close) + "; or " + fix_index);
}

Objective::Objective(Model& model, const std::vector<LayerObjective>& terms, LossKind kind) : kind_(kind) {
  if (terms.empty()) throw usage_error("no layers to dream on", "give at least one layer, e.g. --layers inception_4c");
  std::string available;
  for (const auto& name : model.layer_names()) available += (available.empty() ? "" : ", ") + name;
  const auto& info = model.layer_info();
  for (const auto& objective : terms) {
    Term term;
    term.weight = objective.weight;
    term.spec = objective;
    if (objective.is_class()) {
      if (model.class_names().empty())
        throw usage_error("model " + model.path() + " has no classifier for class:" + objective.class_name,
                          "use a model with classify and class_names (models/export_model.py writes them)");
      term.class_index = match_class(model.class_names(), objective.class_name);
      needs_logits_ = true;
      terms_.push_back(std::move(term));
      continue;
    }
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
    if (objective.strongest > channel_count)
      throw usage_error("strong" + std::to_string(objective.strongest) + " of layer " + objective.layer +
                            " asks for more channels than its " + std::to_string(channel_count),
                        "use strong1 to strong" + std::to_string(channel_count));
    auto found = std::find(layers_.begin(), layers_.end(), objective.layer);
    if (found == layers_.end()) found = layers_.insert(layers_.end(), objective.layer);
    term.activation = static_cast<size_t>(found - layers_.begin());
    if (!objective.channels.empty()) {
      std::vector<int64_t> channels(objective.channels.begin(), objective.channels.end());
      term.channels = torch::tensor(channels, torch::kInt64).to(model.device());
    }
    term.stride = model.layer_stride(objective.layer);
    depends_on_view_ = depends_on_view_ || objective.point.has_value();
    has_strongest_ = has_strongest_ || objective.strongest > 0;
    terms_.push_back(std::move(term));
    max_stride_ = std::max(max_stride_, model.layer_stride(objective.layer));
  }
  chosen_.assign(terms_.size(), {});
}

torch::Tensor Objective::selected(const torch::Tensor& activation, const Term& term) const {
  return term.channels.defined() ? activation.index_select(1, term.channels) : activation;
}

torch::Tensor Objective::layer_term(const torch::Tensor& activation, const Term& term, const InputView& view) const {
  if (term.spec.strongest > 0 && !term.channels.defined())
    throw std::logic_error("Objective: choose_strongest must run before the loss of " + format_layers({term.spec}));
  // Reduced-precision activations are reduced in float32 (dream/precision.h): a float16 mean
  // square overflows, and the backward pass then starts from float32 values.
  const auto reduced = reduction_dtype(activation.scalar_type());
  if (term.spec.point) {
    // The pixel the point falls on, where the roll moved it, then in this input. The cell is
    // that pixel divided by the layer's stride (the unit whose receptive field is centred nearest
    // to it), not a bilinear mix: a neuron is one unit, as in Lucid's channel(layer, n, x, y),
    // and tiles that start on multiples of the stride pick the very cell the whole picture does.
    const auto pixel = [](float relative, int64_t size) {
      return std::clamp<int64_t>(static_cast<int64_t>(std::floor(relative * static_cast<double>(size))), 0, size - 1);
    };
    const int64_t y = floor_mod(pixel(term.spec.point->y, view.picture_height) + view.roll_dy, view.picture_height) - view.top;
    const int64_t x = floor_mod(pixel(term.spec.point->x, view.picture_width) + view.roll_dx, view.picture_width) - view.left;
    if (y < 0 || y >= view.height || x < 0 || x >= view.width) return {};  // not in this input
    const int64_t row = std::min(y / term.stride, activation.size(2) - 1);
    const int64_t col = std::min(x / term.stride, activation.size(3) - 1);
    // The cell first, then its channels: only they are converted.
    const auto neuron = selected(activation.select(2, row).select(2, col), term).to(reduced);  // (1, C)
    return kind_ == LossKind::Mean ? neuron.mean() : neuron.square().mean();
  }
  const auto act = selected(activation, term).to(reduced);
  torch::Tensor value;
  if (term.guide_direction.defined() && guide_cosine_power_ > 0.0)
    value = cosine_weighted_direction(act, term.guide_direction, guide_cosine_power_);
  else if (term.guide_features.defined())
    value = best_match_dot_product(act, term.guide_features);
  else if (kind_ == LossKind::Mean)
    value = act.mean();
  else
    value = act.square().mean();
  return scaled_by_share(value, view);
}

torch::Tensor Objective::loss(Model& model, const torch::Tensor& input, const InputView& view) const {
  const auto network_input = model.from_unit(input);
  std::vector<torch::Tensor> activations;
  if (!layers_.empty()) activations = model.extract(network_input, layers_);
  torch::Tensor logits;
  if (needs_logits_) logits = model.classify(network_input);
  torch::Tensor total;
  for (const auto& term : terms_) {
    torch::Tensor value;
    // The class's logit, before the softmax (the softmax would also push the other classes
    // down); over tiles, each tile's logit counts by its share of the picture.
    if (term.class_index >= 0)
      value = scaled_by_share(logits[0][term.class_index].to(reduction_dtype(logits.scalar_type())), view);
    else
      value = layer_term(activations.at(term.activation), term, view);
    if (!value.defined()) continue;
    if (term.weight != 1.0) value = value * term.weight;
    total = total.defined() ? total + value : value;
  }
  // Every term was a point outside this input: nothing to gain here, but a loss connected to the
  // input all the same, so its gradient is zero rather than an autograd error.
  if (!total.defined()) total = activations.front().sum().to(reduction_dtype(activations.front().scalar_type())) * 0.0;
  return total;
}

void Objective::choose_strongest(Model& model, const torch::Tensor& picture_unit) {
  if (!has_strongest_) return;
  std::vector<torch::Tensor> activations;
  {
    c10::InferenceMode inference;
    activations = model.extract(model.from_unit(picture_unit.to(model.input_dtype())), layers_);
  }
  for (size_t i = 0; i < terms_.size(); ++i) {
    auto& term = terms_[i];
    if (term.spec.strongest <= 0) continue;
    // The mean activation of each channel over the picture, in float64 on the CPU (one small
    // read per restart, not per step): the ranking is then the same on every device and dtype.
    const auto means = activations[term.activation][0].to(torch::kCPU, torch::kFloat64).mean({1, 2});
    const auto top = std::get<1>(means.topk(term.spec.strongest, 0, /*largest=*/true, /*sorted=*/true));
    chosen_[i].clear();
    for (int64_t k = 0; k < top.size(0); ++k) chosen_[i].push_back(static_cast<int>(top[k].item<int64_t>()));
    term.channels = top.to(torch::kInt64).to(model.device());
  }
  if (guided_) clear_guide();  // the guide's features were for other channels: set it again
}

std::vector<LayerObjective> Objective::resolved_terms() const {
  std::vector<LayerObjective> out;
  for (size_t i = 0; i < terms_.size(); ++i) {
    LayerObjective term = terms_[i].spec;
    if (!chosen_[i].empty()) {
      term.channels = chosen_[i];
      term.strongest = 0;
    }
    out.push_back(std::move(term));
  }
  return out;
}

void Objective::set_guide(Model& model, const torch::Tensor& guide_unit) {
  // The guide's activations are constants: computed in inference mode (no autograd bookkeeping,
  // no argmaxes kept for a backward pass), then cloned into ordinary tensors, which the loss's
  // autograd graph may save.
  std::vector<torch::Tensor> features(terms_.size());
  if (!layers_.empty()) {
    c10::InferenceMode inference;
    const auto activations = model.extract(model.from_unit(guide_unit.to(model.input_dtype())), layers_);
    for (size_t i = 0; i < terms_.size(); ++i) {
      const auto& term = terms_[i];
      if (term.class_index >= 0 || term.spec.point) continue;  // a class or a neuron stays what it is
      const auto act = selected(activations[term.activation], term);
      features[i] = act[0].reshape({act.size(1), -1}).to(reduction_dtype(act.scalar_type()));
    }
  }
  for (size_t i = 0; i < terms_.size(); ++i) {
    auto& term = terms_[i];
    if (!features[i].defined()) continue;
    term.guide_features = features[i].clone(torch::MemoryFormat::Contiguous);
    const auto mean = term.guide_features.mean(1);
    term.guide_direction = mean / mean.norm().clamp_min(1e-12);
  }
  guided_ = true;
}

void Objective::clear_guide() {
  for (auto& term : terms_) term.guide_features = term.guide_direction = torch::Tensor();
  guided_ = false;
}

}  // namespace livedream::dream
