// Keyframes (core/keyframes): parsing and validation with one-line errors naming the key, and the
// curves between keys (linear, smoothstep, Catmull-Rom, step) evaluated per frame.
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/keyframes.h"
#include "support/catch.h"

using namespace livedream;

namespace {

Keyframes parse(const std::string& text) { return keyframes_from_json_text(text, "k.json"); }

std::string refusal(const std::string& text, const DreamParams& base = {}) {
  try {
    parse(text).check(base, 30);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("keyframes: linear zoom over frames, from the first key on, held after the last") {
  const Keyframes k = parse(R"({"interpolation": "linear", "tracks": {"zoom": [[10, 1.0], [20, 1.1]]}})");
  DreamParams base;
  base.zoom = 1.5f;
  CHECK(k.at(base, 0, 30).zoom == 1.5f);  // before the first key: the command line's value
  CHECK(k.at(base, 9, 30).zoom == 1.5f);
  CHECK(k.at(base, 10, 30).zoom == 1.0f);
  CHECK(k.at(base, 15, 30).zoom == Approx(1.05f));
  CHECK(k.at(base, 18, 30).zoom == Approx(1.08f));
  CHECK(k.at(base, 20, 30).zoom == Approx(1.1f));
  CHECK(k.at(base, 500, 30).zoom == Approx(1.1f));
  CHECK(k.at(base, 15, 30).rotate_deg == base.rotate_deg);  // untouched parameters stay
}

TEST_CASE("keyframes: smooth is smoothstep between keys (flat at each key, never past them)") {
  const Keyframes k = parse(R"({"tracks": {"rotate": [[0, 0], [100, 10], [200, 0]]}})");
  const KeyframeTrack& t = k.tracks.at(0);
  CHECK(t.interpolation == Interpolation::Smooth);
  CHECK(t.number_at(25) == Approx(10 * 0.15625));  // u = 0.25: 3u^2 - 2u^3
  CHECK(t.number_at(50) == Approx(5.0));
  CHECK(t.number_at(99.9) == Approx(10).margin(1e-3));
  CHECK(t.number_at(150) == Approx(5.0));
  for (double f = 0; f <= 200; f += 1) {
    CHECK(t.number_at(f) >= 0);
    CHECK(t.number_at(f) <= 10);
  }
  DreamParams p;
  CHECK(k.at(p, 50, 30).rotate_deg == Approx(5.0f));
}

TEST_CASE("keyframes: catmull-rom passes through the keys with a continuous speed, clamped to the range") {
  const Keyframes k =
      parse(R"({"interpolation": "catmull-rom", "tracks": {"step_size": [[0, 0.01], [10, 0.02], [20, 0.04], [30, 0.01]]}})");
  const KeyframeTrack& t = k.tracks.at(0);
  CHECK(t.number_at(0) == Approx(0.01));
  CHECK(t.number_at(10) == Approx(0.02));
  CHECK(t.number_at(20) == Approx(0.04));
  // The speed on both sides of an inner key agrees (no kink), unlike linear.
  const double left = (t.number_at(10) - t.number_at(9.999)) / 0.001, right = (t.number_at(10.001) - t.number_at(10)) / 0.001;
  CHECK(left == Approx(right).epsilon(0.01));
  CHECK(left == Approx((0.04 - 0.01) / 20).epsilon(0.01));  // the Catmull-Rom tangent at key 1

  // Keys close together with a turn between them overshoot; the value applied is clamped.
  const Keyframes wavy = parse(R"({"interpolation": "catmull-rom", "tracks": {"source_blend": [[0, 0], [10, 1], [11, 0.9], [40, 0]]}})");
  double highest = 0;
  for (double f = 0; f <= 40; f += 0.01) highest = std::max(highest, wavy.tracks[0].number_at(f));
  CHECK(highest > 1.0);                                                          // the curve itself overshoots...
  for (int f = 0; f <= 40; ++f) CHECK(wavy.at({}, f, 30).source_blend <= 1.0f);  // ...the parameter never does
}

TEST_CASE("keyframes: whole numbers are rounded, words switch at their key, seconds use the fps") {
  const Keyframes k = parse(R"({"unit": "seconds", "interpolation": "linear", "tracks": {
      "octaves": [[0, 1], [2, 4]],
      "loss": [[0, "mean"], [1.5, "mean-square"]],
      "layers": [[0, "inception_4c"], [1, "inception_3b,inception_4c:97"]],
      "layer/1/weight": [[1, 0.5], [2, 2.0]]}})");
  CHECK(k.in_seconds);
  CHECK(k.tracks.front().parameter == "layers");  // applied first
  DreamParams base;
  CHECK(k.at(base, 0, 30).octaves == 1);
  CHECK(k.at(base, 30, 30).octaves == 3);  // 2.5 rounds to 3 (half away from zero)
  CHECK(k.at(base, 60, 30).octaves == 4);
  CHECK(k.at(base, 44, 30).loss == LossKind::Mean);
  CHECK(k.at(base, 45, 30).loss == LossKind::MeanSquare);
  CHECK(k.at(base, 29, 30).layers.size() == 1);
  const DreamParams later = k.at(base, 45, 30);  // 1.5 s
  REQUIRE(later.layers.size() == 2);
  CHECK(later.layers[1].channels == std::vector<int>{97});
  CHECK(later.layers[1].weight == Approx(1.25f));
  CHECK_NOTHROW(k.check(base, 30));
}

TEST_CASE("keyframes: errors are one line naming the file and the key") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {refusal(R"({"tracks": {"zom": [[0, 1]]}})"),
       "k.json: unknown parameter 'zom' (the parameters are: model, layers, loss, step_size, steps,"},
      {refusal(R"({"tracks": {"zoom": [[0, 1], [10, 3]]}})"), "k.json: 'zoom' key 1 (frame 10): 3 is outside 0.5..2"},
      {refusal(R"({"tracks": {"zoom": [[10, 1], [5, 1.1]]}})"), "k.json: 'zoom': keys out of order: frame 5 comes after 10"},
      {refusal(R"({"tracks": {"zoom": [[10, 1], [10, 1.1]]}})"), "keys out of order: frame 10 comes after 10"},
      {refusal(R"({"interpolation": "cubic", "tracks": {"zoom": [[0, 1]]}})"),
       "k.json: interpolation: \"cubic\" is not an interpolation (use linear, smooth, catmull-rom or step)"},
      {refusal(R"({"tracks": {"zoom": {"interpolation": "bezier", "keys": [[0, 1]]}}})"),
       "k.json: 'zoom' interpolation: \"bezier\" is not an interpolation"},
      {refusal(R"({"tracks": {"loss": {"interpolation": "linear", "keys": [[0, "mean"]]}}})"), "'loss' is a word: it switches at its keys"},
      {refusal(R"({"tracks": {"zoom": [[0, "big"]]}})"), "k.json: 'zoom' key 0 (frame 0): \"big\" is not a number"},
      {refusal(R"({"tracks": {"loss": [[0, "huber"]]}})"), "k.json: 'loss' key 0 (frame 0): 'huber' is not one of mean or mean-square"},
      {refusal(R"({"tracks": {"octaves": [[0, 2.5]]}})"), "2.5 is not a whole number"},
      {refusal(R"({"tracks": {"zoom": [[-1, 1]]}})"), "frame -1 is negative"},
      {refusal(R"({"tracks": {"zoom": [1, 1.1]}})"), "'zoom' key 0 is not [frame, value]"},
      {refusal(R"({"tracks": {"max_dim": [[0, 300]]}})"), "max_dim cannot be keyed"},
      {refusal(R"({"tracks": {"device": [[0, "cuda"]]}})"), "device cannot be keyed"},
      {refusal(R"({"tracks": {"model": [[0, 5]]}})"), "k.json: 'model' key 0 (frame 0): 5 is not a string ('model' takes a model file)"},
      {refusal(R"({"tracks": {"model": [[9, "a.pt"], [3, "b.pt"]]}})"), "k.json: 'model': keys out of order: frame 3 comes after 9"},
      {refusal(R"({"tracks": {"pan": [[0, 1]]}})"), "key pan_x and pan_y instead"},
      {refusal(R"({"tracks": {}})"), "k.json has no tracks"},
      {refusal(R"({"unit": "beats", "tracks": {"zoom": [[0, 1]]}})"), "unit \"beats\" is neither frames nor seconds"},
      {refusal(R"({"trakcs": {}})"), "k.json: unknown key 'trakcs'"},
      {refusal("{not json"), "k.json is not valid JSON"},
      {refusal(R"({"tracks": {"layer/3/weight": [[0, 1], [50, 2]]}})"), "k.json: 'layer/3/weight' at frame 0: there is no layer 3"},
      {refusal(R"({"tracks": {"tile": [[0, 10]]}})"),
       "k.json: 'tile' key 0 (frame 0): 10 is outside 0 or 64..8192 ('tile' takes 0 or 64..8192)"},
  };
  for (const auto& [message, expected] : cases) {
    INFO(message);
    CHECK(contains(message, expected));
    CHECK(message.find('\n') == std::string::npos);
  }
}

TEST_CASE("keyframes: a model track switches the model at its key, before the layers track applies") {
  const Keyframes k = parse(R"({"tracks": {"layers": [[0, "fire5"], [12, "inception_3b"]],
                                          "model": [[12, "googlenet_bvlc.pt"]]}})");
  REQUIRE(k.tracks.size() == 2);
  CHECK(k.tracks[0].parameter == "model");  // first: the layers name the model's layers
  CHECK(k.tracks[0].discrete);
  DreamParams base;
  base.model = "squeezenet1_1_caffe.pt";
  CHECK(k.at(base, 11, 30).model == "squeezenet1_1_caffe.pt");  // before its key: the command line's model
  CHECK(k.at(base, 12, 30).model == "googlenet_bvlc.pt");
  CHECK(k.at(base, 12, 30).layers.at(0).layer == "inception_3b");
  CHECK(k.key_times() == std::vector<double>{0, 12});
}
