// The objective's terms (a layer, some channels, a point, the strongest channels, a class) and
// the layer-spec grammar that writes them as text ("inception_4c:97@0.3,0.6,class:tabby:2.0"),
// shared by the CLI, presets, OSC, the viewer's Spec field and the PNG text chunk.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace livedream {

// A place in the picture, relative: (0, 0) the top left corner, (1, 1) the bottom right.
struct RelativePoint {
  float x = 0.5f, y = 0.5f;
  bool operator==(const RelativePoint&) const = default;
};

// The layer name of a class term ("class:tabby"): the classifier's logit rather than a layer.
inline constexpr const char* kClassTerm = "class";

// One term of the objective: a layer (optionally only some of its channels) and its weight; or,
// with a point, the neuron(s) of that layer at that place of the picture; or, with strongest N,
// the N channels with the largest mean activation on the picture (chosen when the dream starts);
// or, when layer is kClassTerm, the logit of the class named class_name.
struct LayerObjective {
  // A layer, its weight and channels (the common term): `{"inception_4c", 1.0f, {}}` stays
  // short, and the fields below keep their defaults.
  LayerObjective(std::string layer_name = {}, float term_weight = 1.0f, std::vector<int> term_channels = {})
      : layer(std::move(layer_name)), weight(term_weight), channels(std::move(term_channels)) {}

  std::string layer;
  float weight = 1.0f;
  std::vector<int> channels;           // empty: the whole layer
  std::optional<RelativePoint> point;  // none: every position of the layer
  int strongest = 0;                   // N > 0: the N strongest channels of the picture (channels empty)
  std::string class_name;              // a class term's class (a name of the model's classes, or its index)

  bool operator==(const LayerObjective&) const = default;
  bool is_class() const { return layer == kClassTerm; }
};

// One term on its own (a class term names a class and nothing else; a point in [0,1]; strongN in
// range and not with channels): the same one-line errors, for parsers of terms.
void check_layer_term(const LayerObjective& term);

// Layer specs: "name[:field]...[,name...]" where each field is either channels (an integer or
// integers joined by '+', e.g. inception_4c:97 or inception_4c:97+12) or a weight (a number
// with a decimal point, e.g. mixed3:0.5). Example: "inception_4c:97:2.0,inception_3b:0.5".
// Also: a neuron at a point, "@x,y" after the channels or the name (inception_4c:97@0.3,0.6,
// relative x,y in [0,1]); the N strongest channels of the picture, "strongN" in place of the
// channels (inception_4c:strong8); a class of the classifier, "class:NAME" (class:tabby:2.0).
std::vector<LayerObjective> parse_layers(const std::string& spec);
std::string format_layers(const std::vector<LayerObjective>& layers);

}  // namespace livedream
