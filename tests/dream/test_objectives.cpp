// The richer objectives (issue 14) on the real BVLC GoogLeNet: a neuron at a point of the picture,
// a class of the classifier, the picture's strongest channels and Lucid's cosine-weighted guide.
// Each one's image gradient through the engine's path (dream::image_gradient: views, rolls and
// tiles) is compared with a float64 autograd reference computed here directly on the TorchScript
// file (torch::jit::load, no dream::Model, no dream::Objective), so the references share none of
// the code under test.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "dream/engine.h"
#include "dream/image_tensor.h"
#include "dream/objective.h"
#include "dream/tiled_gradient.h"
#include "support/catch.h"
#include "test_engine_support.h"

using namespace livedream;
using namespace livedream::test;

// Catch2 v2 and v3 name their substring matcher differently: a plain check that shows the text.
#define CHECK_CONTAINS(text, needle)                       \
  do {                                                     \
    const std::string checked_text = (text);               \
    INFO(checked_text);                                    \
    CHECK(checked_text.find(needle) != std::string::npos); \
  } while (0)

namespace {

// GoogLeNet in float64, straight from the file: the reference network.
struct Reference {
  torch::jit::Module module;
  torch::Tensor mean_bgr;  // (1, 3, 1, 1)

  Reference() : module(torch::jit::load(shared_model("googlenet_bvlc.pt"))) {
    module.to(torch::kFloat64);
    module.eval();
    std::vector<double> mean;
    for (const auto& v : module.attr("input_mean_bgr").toListRef()) mean.push_back(v.toDouble());
    mean_bgr = torch::tensor(mean, torch::kFloat64).reshape({1, 3, 1, 1});
  }
  // [-1, 1] RGB -> BGR 0..255 minus the mean, as the model contract describes its input.
  torch::Tensor input(const torch::Tensor& unit) const { return ((unit + 1.0) * 127.5).flip({1}) - mean_bgr; }
  torch::Tensor extract(const torch::Tensor& unit, const std::string& layer) {
    c10::List<std::string> names;
    names.push_back(layer);
    return module.get_method("extract")({input(unit), names}).toTensorVector().at(0);
  }
  torch::Tensor logits(const torch::Tensor& unit) { return module.get_method("classify")({input(unit)}).toTensor(); }
  std::vector<std::string> class_names() {
    std::vector<std::string> names;
    for (const auto& v : module.attr("class_names").toListRef()) names.push_back(v.toStringRef());
    return names;
  }
};

// The float64 gradient of `loss_of(x)` with respect to the picture.
template <typename F>
torch::Tensor reference_gradient(const torch::Tensor& picture, F&& loss_of) {
  auto x = picture.to(torch::kFloat64).detach().requires_grad_(true);
  auto loss = loss_of(x);
  return torch::autograd::grad({loss}, {x})[0];
}

double relative_error(const torch::Tensor& gradient, const torch::Tensor& reference) {
  const auto g = gradient.to(torch::kFloat64);
  return ((g - reference).norm() / reference.norm()).item<double>();
}

torch::Tensor picture(int width, int height) { return dream::image_to_unit(sky(width, height), torch::TensorOptions()); }

// The channel of inception_3a (stride 8) most active at relative (px, py) of `unit`: a neuron
// that ReLU has not switched off, so its gradient is not zero.
int active_channel(Reference& reference, const torch::Tensor& unit, float px, float py) {
  const auto act = reference.extract(unit.to(torch::kFloat64), "inception_3a")[0];
  const int64_t row = static_cast<int64_t>(py * unit.size(2)) / 8, col = static_cast<int64_t>(px * unit.size(3)) / 8;
  return static_cast<int>(act.select(1, row).select(1, col).argmax().item<int64_t>());
}

std::string neuron_spec(int channel, float px, float py) {
  return "inception_3a:" + std::to_string(channel) + "@" + std::to_string(px) + "," + std::to_string(py);
}

// The error a call throws: a usage error of one line, or a failure of the test.
template <typename F>
std::string usage_error_of(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  FAIL("no error was thrown");
  return {};
}

}  // namespace

TEST_CASE("layer specs with points, strongN and classes parse, format stably and round-trip through JSON") {
  const auto layers = parse_layers("inception_4c:97@0.3,0.6:2.0,inception_3b:strong8,class:tabby cat:0.5,inception_4a@0.25,1.0");
  REQUIRE(layers.size() == 4);
  CHECK(layers[0].layer == "inception_4c");
  CHECK(layers[0].channels == std::vector<int>{97});
  REQUIRE(layers[0].point);
  CHECK(layers[0].point->x == 0.3f);
  CHECK(layers[0].point->y == 0.6f);
  CHECK(layers[0].weight == 2.0f);
  CHECK(layers[1].strongest == 8);
  CHECK(layers[1].channels.empty());
  CHECK(layers[2].is_class());
  CHECK(layers[2].class_name == "tabby cat");
  CHECK(layers[2].weight == 0.5f);
  CHECK(layers[3].channels.empty());
  REQUIRE(layers[3].point);
  CHECK(layers[3].point->y == 1.0f);

  const std::string formatted = format_layers(layers);
  CHECK(formatted == "inception_4c:97@0.3,0.6:2.0,inception_3b:strong8,class:tabby cat:0.5,inception_4a@0.25,1.0");
  CHECK((parse_layers(formatted) == layers));  // LayerObjective has no operator<< for Catch to show
  CHECK(format_layers(parse_layers(formatted)) == formatted);
  for (const char* spec :
       {"inception_4c", "inception_4c:97+12:1.5", "inception_4c:strong3@0.5,0.5", "class:281", "inception_4c:@0.1,0.9"}) {
    INFO(spec);
    const std::string once = format_layers(parse_layers(spec));
    CHECK(format_layers(parse_layers(once)) == once);
    CHECK((parse_layers(once) == parse_layers(spec)));
  }

  DreamParams params;
  params.layers = layers;
  params.guide_cosine_power = 1.5f;
  CHECK((params_from_json(nlohmann::json::parse(to_json(params).dump())) == params));
  // The list form of layers takes the same fields by name.
  const auto listed = params_from_json(nlohmann::json::parse(
      R"({"layers": [{"layer": "inception_4c", "channels": [97], "point": [0.3, 0.6], "weight": 2.0},
                     {"layer": "inception_3b", "strongest": 8}, {"layer": "class", "class": "tabby cat", "weight": 0.5},
                     {"layer": "inception_4a", "point": [0.25, 1.0]}]})"));
  CHECK((listed.layers == layers));
  CHECK(DreamParams{}.guide_cosine_power == 0.0f);  // the notebook's best-match guide stays the default
}

TEST_CASE("a point outside 0..1, strong0 and malformed richer terms are one-line usage errors") {
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:97@1.2,0.5"); }), "outside [0,1]");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:97@0.5,-0.1"); }), "outside [0,1]");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:97@0.5"); }), "no y");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:97@0.5,x"); }), "point y");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:strong0"); }), "strong0");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("inception_4c:97:strong4"); }), "channels twice");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("class"); }), "names no class");
  CHECK_CONTAINS(usage_error_of([] { parse_layers("class:tabby:12"); }), "only a weight");
  DreamParams bad;
  bad.layers = parse_layers("inception_4c:97");
  bad.layers[0].point = RelativePoint{0.5f, 1.5f};
  CHECK_CONTAINS(usage_error_of([&] { validate(bad); }), "outside [0,1]");
  bad = DreamParams{};
  bad.guide_cosine_power = 9.0f;
  CHECK_CONTAINS(usage_error_of([&] { validate(bad); }), "guide-cosine-power");
  CHECK_CONTAINS(usage_error_of([] { params_from_json(nlohmann::json::parse(R"({"layers": [{"layer": "a", "point": [0.5, 2]}]})")); }),
                 "outside [0,1]");
}

TEST_CASE("class names match exactly first, then by a unique substring, and unknown or ambiguous names list close ones") {
  Reference reference;
  const auto names = reference.class_names();
  REQUIRE(names.size() == 1000);
  const int tabby = dream::match_class(names, "tabby");
  CHECK(names[static_cast<size_t>(tabby)].rfind("tabby", 0) == 0);
  CHECK(dream::match_class(names, "Tabby Cat") == tabby);  // any of the comma-separated names, any case
  CHECK(dream::match_class(names, std::to_string(tabby)) == tabby);
  // "tiger" is a class name of its own (exact) and a part of "tiger cat", "tiger shark", ...
  CHECK(names[static_cast<size_t>(dream::match_class(names, "tiger"))].rfind("tiger,", 0) == 0);
  CHECK(dream::match_class(names, "n02123045 tabby") == tabby);  // a leading WordNet id in the table is ignored
  std::vector<std::string> with_ids = {"n01440764 tench, Tinca tinca", "n02123045 tabby, tabby cat"};
  CHECK(dream::match_class(with_ids, "tabby") == 1);
  CHECK(dream::match_class(with_ids, "tinca") == 0);

  const auto unknown = usage_error_of([&] { dream::match_class(names, "tabbby"); });
  CHECK_CONTAINS(unknown, "no class 'tabbby'");
  CHECK_CONTAINS(unknown, "tabby (" + std::to_string(tabby) + ")");
  // "cat" is a whole word of tabby cat, tiger cat, ...: those are listed, not catamaran.
  const auto ambiguous = usage_error_of([&] { dream::match_class(names, "cat"); });
  CHECK_CONTAINS(ambiguous, "ambiguous: tabby (");
  CHECK(ambiguous.find("catamaran") == std::string::npos);
  CHECK_CONTAINS(usage_error_of([&] { dream::match_class(names, "1000"); }), "out of range");
  auto model = googlenet();
  CHECK_CONTAINS(usage_error_of([&] { dream::Objective(*model, parse_layers("class:no such thing"), LossKind::Mean); }),
                 "no class 'no such thing'");
  CHECK_CONTAINS(usage_error_of([&] { dream::Objective(*model, parse_layers("inception_3a:strong999"), LossKind::Mean); }), "strong999");
}

TEST_CASE("a neuron at a point: the gradient matches float64 autograd through a roll and sits around the point") {
  auto model = googlenet();
  Reference reference;
  const int width = 256, height = 192;
  const float px = 0.3f, py = 0.6f;
  const auto image = picture(width, height);
  const int channel = active_channel(reference, image, px, py);
  const std::string spec = neuron_spec(channel, px, py);
  INFO(spec);
  const dream::RollShift roll{-37, 53};
  const auto rolled = torch::roll(image, {roll.dy, roll.dx}, {2, 3});
  for (auto kind : {LossKind::Mean, LossKind::MeanSquare}) {
    INFO(to_string(kind));
    dream::Objective objective(*model, parse_layers(spec), kind);
    REQUIRE(objective.depends_on_view());
    const auto engine = dream::image_gradient(*model, objective, rolled, 0, false, nullptr, roll);
    // The reference: the pixel of the point, where the roll takes it, divided by the stride (8).
    const int64_t y = (static_cast<int64_t>(py * height) + roll.dy + height) % height;
    const int64_t x = (static_cast<int64_t>(px * width) + roll.dx + width) % width;
    const auto expected = reference_gradient(rolled, [&](const torch::Tensor& in) {
      const auto neuron = reference.extract(in, "inception_3a")[0][channel][y / 8][x / 8];
      return kind == LossKind::Mean ? neuron : neuron.square();
    });
    const double error = relative_error(engine.gradient, expected);
    INFO("relative error against float64: " << error);
    CHECK(error < 1e-3);
    CHECK(expected.abs().sum().item<double>() > 0.0);
  }
  // Independent of the cell arithmetic: unrolled, the gradient's weight sits around the point
  // (inception_3a's receptive field is far smaller than the picture).
  dream::Objective objective(*model, parse_layers(spec), LossKind::Mean);
  const auto gradient =
      torch::roll(dream::image_gradient(*model, objective, rolled, 0, false, nullptr, roll).gradient, {-roll.dy, -roll.dx}, {2, 3});
  const auto weight = gradient[0].abs().sum(0).to(torch::kFloat64);  // (H, W)
  const auto total = weight.sum().item<double>();
  const double cy = (weight.sum(1) * torch::arange(height, torch::kFloat64)).sum().item<double>() / total;
  const double cx = (weight.sum(0) * torch::arange(width, torch::kFloat64)).sum().item<double>() / total;
  INFO("gradient centre " << cx << "," << cy << ", point " << px * width << "," << py * height);
  CHECK(std::abs(cx - px * width) < 12.0);
  CHECK(std::abs(cy - py * height) < 12.0);
}

TEST_CASE("a neuron at a point: tiled and untiled gradients agree, whichever tile the roll puts it in") {
  auto model = googlenet();
  Reference reference;
  const auto image = picture(320, 320);
  const std::string spec = neuron_spec(active_channel(reference, image, 0.25f, 0.3f), 0.25f, 0.3f);
  INFO(spec);
  dream::Objective objective(*model, parse_layers(spec), LossKind::Mean);
  for (const dream::RollShift roll : {dream::RollShift{0, 0}, dream::RollShift{0, 160}, dream::RollShift{150, -10}}) {
    INFO("roll " << roll.dy << "," << roll.dx);
    const auto rolled = torch::roll(image, {roll.dy, roll.dx}, {2, 3});
    const auto whole = dream::image_gradient(*model, objective, rolled, 0, false, nullptr, roll);
    const auto tiled = dream::image_gradient(*model, objective, rolled, 160, false, nullptr, roll);
    REQUIRE(dream::tile_spans(320, 160, objective.max_stride(), 64).size() == 2);
    // The point's neuron counts whole in its own tile (not by the tile's area) and nothing elsewhere.
    CHECK(tiled.loss.item<double>() == Approx(whole.loss.item<double>()).epsilon(1e-4));
    const double error = relative_error(tiled.gradient, whole.gradient.to(torch::kFloat64));
    INFO("tiled against untiled, relative: " << error);
    CHECK(whole.gradient.abs().sum().item<double>() > 0.0);
    CHECK(error < 1e-3);
  }
}

TEST_CASE("a class objective: the gradient of the class's logit matches float64 autograd, and weights combine it with layers") {
  auto model = googlenet();
  Reference reference;
  const auto image = picture(224, 224);
  const int tabby = dream::match_class(reference.class_names(), "tabby");
  dream::Objective objective(*model, parse_layers("class:tabby"), LossKind::Mean);
  REQUIRE(objective.needs_logits());
  const auto engine = dream::image_gradient(*model, objective, image, 0);
  const auto expected = reference_gradient(image, [&](const torch::Tensor& in) { return reference.logits(in)[0][tabby]; });
  CHECK(engine.loss.item<double>() == Approx(reference.logits(image.to(torch::kFloat64))[0][tabby].item<double>()).epsilon(1e-4));
  double error = relative_error(engine.gradient, expected);
  INFO("class alone, relative error: " << error);
  CHECK(error < 1e-3);

  dream::Objective combined(*model, parse_layers("class:tabby:2.0,inception_3b:0.5"), LossKind::Mean);
  const auto both = dream::image_gradient(*model, combined, image, 0);
  const auto expected_both = reference_gradient(image, [&](const torch::Tensor& in) {
    return 2.0 * reference.logits(in)[0][tabby] + 0.5 * reference.extract(in, "inception_3b").mean();
  });
  error = relative_error(both.gradient, expected_both);
  INFO("class and layer, relative error: " << error);
  CHECK(error < 1e-3);
}

TEST_CASE("strongN picks the picture's N channels of largest mean activation, deterministically, and dreams on them") {
  auto model = googlenet();
  Reference reference;
  const auto image = picture(224, 224);
  dream::Objective objective(*model, parse_layers("inception_4a:strong5"), LossKind::Mean);
  CHECK_THROWS_AS(dream::image_gradient(*model, objective, image, 0), std::logic_error);  // not chosen yet
  objective.choose_strongest(*model, image);
  const auto means = reference.extract(image.to(torch::kFloat64), "inception_4a")[0].mean({1, 2});
  const auto top = std::get<1>(means.topk(5));
  std::vector<int> expected_channels;
  for (int64_t i = 0; i < 5; ++i) expected_channels.push_back(static_cast<int>(top[i].item<int64_t>()));
  CHECK(objective.chosen_channels().at(0) == expected_channels);
  CHECK(objective.resolved_terms().at(0).channels == expected_channels);
  dream::Objective again(*model, parse_layers("inception_4a:strong5"), LossKind::Mean);
  again.choose_strongest(*model, image);
  CHECK(again.chosen_channels() == objective.chosen_channels());

  const auto engine = dream::image_gradient(*model, objective, image, 0);
  const auto index = torch::tensor(std::vector<int64_t>(expected_channels.begin(), expected_channels.end()));
  const auto expected = reference_gradient(
      image, [&](const torch::Tensor& in) { return reference.extract(in, "inception_4a").index_select(1, index).mean(); });
  const double error = relative_error(engine.gradient, expected);
  INFO("relative error: " << error);
  CHECK(error < 1e-3);

  // The engine chooses on its source and reports the choice.
  auto params = plain_params("inception_4a:strong5", 1);
  dream::Engine dreamer(model, params);
  dreamer.set_source(sky(224, 224));
  CHECK(dreamer.resolved_layers().at(0).channels == expected_channels);
  CHECK(dreamer.resolved_layers().at(0).strongest == 0);
}

TEST_CASE("the cosine-weighted guide matches Lucid's direction objective in float64, and power 0 keeps the best match") {
  auto model = googlenet();
  Reference reference;
  const auto image = picture(192, 144);
  const auto guide = picture(160, 120);
  const auto flipped_guide = guide.flip({2});  // another picture than the image
  const auto guide_act = reference.extract(flipped_guide.to(torch::kFloat64), "inception_3b")[0];
  const auto guide_features = guide_act.reshape({guide_act.size(0), -1});
  auto direction = guide_features.mean(1);
  direction = direction / direction.norm();
  for (double power : {1.0, 3.0}) {
    INFO("cosine power " << power);
    dream::Objective objective(*model, parse_layers("inception_3b"), LossKind::Mean);
    objective.set_guide_cosine_power(power);
    objective.set_guide(*model, flipped_guide);
    const auto engine = dream::image_gradient(*model, objective, image, 0);
    const auto expected = reference_gradient(image, [&](const torch::Tensor& in) {
      const auto act = reference.extract(in, "inception_3b")[0];
      const auto x = act.reshape({act.size(0), -1});
      const auto dots = direction.matmul(x);
      const auto cosines = dots / (x.norm(2, 0) + 1e-4) / (1.0 + 1e-4);
      return (dots * cosines.clamp_min(0.1).pow(power)).mean();
    });
    const double error = relative_error(engine.gradient, expected);
    INFO("relative error: " << error);
    CHECK(error < 1e-3);
  }
  dream::Objective best_match(*model, parse_layers("inception_3b"), LossKind::Mean);
  best_match.set_guide(*model, flipped_guide);
  const auto engine = dream::image_gradient(*model, best_match, image, 0);
  const auto expected = reference_gradient(image, [&](const torch::Tensor& in) {
    const auto act = reference.extract(in, "inception_3b")[0];
    return std::get<0>(act.reshape({act.size(0), -1}).t().mm(guide_features).max(1)).mean();
  });
  CHECK(relative_error(engine.gradient, expected) < 1e-3);
}
