#include <nlohmann/json.hpp>

#include <cmath>

#include "core/dream_params.h"
#include "core/error.h"
#include "support/catch.h"

using namespace livedream;

TEST_CASE("layer specs parse channels and weights") {
  auto layers = parse_layers("inception_4c:97,inception_3b:0.5,mixed3:1+2:2.0");
  REQUIRE(layers.size() == 3);
  CHECK(layers[0].layer == "inception_4c");
  CHECK(layers[0].channels == std::vector<int>{97});
  CHECK(layers[0].weight == 1.0f);
  CHECK(layers[1].channels.empty());
  CHECK(layers[1].weight == 0.5f);
  CHECK(layers[2].channels == std::vector<int>{1, 2});
  CHECK(layers[2].weight == 2.0f);
  CHECK(parse_layers(format_layers(layers)) == layers);
}

TEST_CASE("bad layer specs are usage errors") {
  CHECK_THROWS_AS(parse_layers(""), Error);
  CHECK_THROWS_AS(parse_layers("inception_4c:abc"), Error);
  CHECK_THROWS_AS(parse_layers("inception_4c:1.0:2.0"), Error);
  CHECK_THROWS_AS(parse_layers("a,,b"), Error);
}

TEST_CASE("validation names the bad parameter") {
  DreamParams p;
  CHECK_NOTHROW(validate(p));
  auto expect_error = [](DreamParams q, const std::string& needle) {
    try {
      validate(q);
      FAIL("no error for " << needle);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  };
  p.step_size = std::nanf("");
  expect_error(p, "Step size: the value is not a finite number");
  p = {};
  p.step_size = -0.1f;
  expect_error(p, "Step size: -0.1 is outside 0.00001..1");
  // The slider's and OSC's range on every surface: past 1 the picture is noise.
  for (float bad : {5.0f, 50.0f, 1.001f, 0.000001f}) {
    p.step_size = bad;
    expect_error(p, "is outside 0.00001..1 (use --step-size 0.00001..1)");
  }
  for (float good : {1.0f, 0.00001f, 0.01f}) {
    p.step_size = good;
    CHECK_NOTHROW(validate(p));
  }
  p = {};
  p.octave_scale = 1.0f;
  expect_error(p, "Octave scale: 1 is outside 1.01..4");
  p = {};
  p.octaves = 0;
  expect_error(p, "Octaves: 0 is outside 1..16");
  p = {};
  p.source_blend = 1.5f;
  expect_error(p, "source-blend");
  p = {};
  p.device = "tpu";
  expect_error(p, "Device: 'tpu' is not one of auto, cpu or cuda");
}

TEST_CASE("params round-trip through JSON and reject unknown keys") {
  DreamParams p;
  p.layers = parse_layers("inception_4c:97:2.0,inception_3b");
  p.loss = LossKind::MeanSquare;
  p.octave_mode = OctaveMode::Cycle;
  p.seed = 1234567890123ULL;
  p.zoom = 1.02f;
  p.guide = "guide.png";
  p.border = BorderFill::Source;
  const auto json = to_json(p);
  CHECK(json.at("border") == "source");
  CHECK(params_from_json(json) == p);
  CHECK(params_from_json_text(json.dump(), "test") == p);
  CHECK_THROWS_AS(params_from_json_text("{\"stepsize\": 1}", "test"), Error);
  CHECK_THROWS_AS(params_from_json_text("{\"steps\": \"many\"}", "test"), Error);
  CHECK_THROWS_AS(params_from_json_text("{not json", "test"), Error);
  CHECK_THROWS_AS(params_from_json_text("[1,2]", "test"), Error);
  try {
    params_from_json_text("{\"border\": \"wrap\"}", "test");
    FAIL("border wrap was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "preset key 'border': 'wrap' is not one of reflect, source or edge (use --border reflect, source or edge)");
  }
  CHECK_THROWS_AS(params_from_json_text("{\"border\": 1}", "test"), Error);
}

TEST_CASE("precondition and transforms: JSON keys, names, defaults and one-line errors") {
  const DreamParams defaults;
  CHECK(defaults.precondition == Precondition::None);  // the tutorial's raw gradient stays the default
  CHECK(defaults.transforms == Transforms::Roll);
  DreamParams p;
  p.precondition = Precondition::Fourier;
  p.transforms = Transforms::Robust;
  const auto json = to_json(p);
  CHECK(json.at("precondition") == "fourier");
  CHECK(json.at("transforms") == "robust");
  CHECK(params_from_json(json) == p);
  for (auto mode : {Precondition::None, Precondition::Laplacian, Precondition::Fourier, Precondition::Smooth})
    CHECK(parse_precondition(to_string(mode)) == mode);
  try {
    params_from_json_text("{\"precondition\": \"wavelet\"}", "test");
    FAIL("precondition wavelet was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("preset key 'precondition': 'wavelet' is not one of none, laplacian, fourier or smooth") == 0);
  }
  CHECK_THROWS_AS(parse_transforms("lucid"), Error);
  DreamParams bad;
  bad.precondition = static_cast<Precondition>(9);
  CHECK_THROWS_AS(validate(bad), Error);
}

TEST_CASE("temporal settings: JSON keys, names, and one-line errors for values out of range") {
  DreamParams p;
  p.temporal = TemporalMode::Blend;
  p.temporal_decay = 0.75f;
  p.temporal_blend = 0.25f;
  const auto json = to_json(p);
  CHECK(json.at("temporal") == "blend");
  CHECK(json.at("temporal_decay") == 0.75f);
  CHECK(json.at("temporal_blend") == 0.25f);
  CHECK(params_from_json(json) == p);
  for (auto mode : {TemporalMode::Flow, TemporalMode::Blend, TemporalMode::Off}) CHECK(parse_temporal_mode(to_string(mode)) == mode);

  auto one_line_usage_error = [](auto&& call, const std::string& needle) {
    try {
      call();
      FAIL("no error for " << needle);
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(e.kind() == ErrorKind::Usage);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  };
  one_line_usage_error([] { parse_temporal_mode("wobble"); }, "unknown temporal mode 'wobble'");
  one_line_usage_error([] { params_from_json_text("{\"temporal\": \"sideways\"}", "test"); }, "sideways");
  for (float bad : {-0.1f, 1.5f, std::nanf("")}) {
    DreamParams q;
    q.temporal_decay = bad;
    one_line_usage_error([&] { validate(q); }, "temporal-decay");
    q = {};
    q.temporal_blend = bad;
    one_line_usage_error([&] { validate(q); }, "temporal-blend");
  }
  DreamParams edges;
  edges.temporal_decay = 0.0f;
  edges.temporal_blend = 1.0f;
  CHECK_NOTHROW(validate(edges));
}

TEST_CASE("JSON writes floats as people wrote them, and reads back the very same floats") {
  DreamParams p;
  p.step_size = 0.02f;
  p.octave_scale = 1.4f;
  p.zoom = 1.01f;
  p.rotate_deg = -0.3f;
  p.temporal_decay = 0.9f;
  const std::string text = to_json(p).dump();
  INFO(text);
  // The value whole: followed by the next key or the end of the object.
  auto written = [&](const std::string& key_and_value) {
    const auto at = text.find("\"" + key_and_value);
    return at != std::string::npos && (text[at + key_and_value.size() + 1] == ',' || text[at + key_and_value.size() + 1] == '}');
  };
  CHECK(written("step_size\":0.02"));
  CHECK(written("octave_scale\":1.4"));
  CHECK(written("zoom\":1.01"));
  CHECK(written("rotate\":-0.3"));
  CHECK(text.find("0.0199999") == std::string::npos);
  CHECK(params_from_json_text(text, "test") == p);
  // Any float, not only the tidy ones: the shortest text still reads back bit for bit.
  uint32_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    state = state * 1664525u + 1013904223u;
    DreamParams q;
    q.step_size = 0.00001f + static_cast<float>(state % 100000) / 100000.0f * 0.99f;
    q.zoom = 0.5f + static_cast<float>(state % 77777) / 77777.0f * 1.5f;
    q.pan_x = -512.0f + static_cast<float>(state % 99991) / 99991.0f * 1024.0f;
    REQUIRE_NOTHROW(validate(q));
    const DreamParams back = params_from_json_text(to_json(q).dump(), "test");
    REQUIRE(back.step_size == q.step_size);
    REQUIRE(back.zoom == q.zoom);
    REQUIRE(back.pan_x == q.pan_x);
  }
}
