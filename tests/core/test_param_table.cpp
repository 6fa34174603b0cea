// The parameter table (core/param_table): one row per DreamParams field, its defaults read from
// DreamParams{}, its getters and setters each reaching their own field, and the one check whose
// message every surface shows.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/param_table.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A value of `row` inside its range and different from `params`' own, to see which field it moves.
param::Value other_value(const param::Row& row, const DreamParams& params) {
  const param::Value now = row.get(params, 0);
  if (row.kind == param::Kind::Number) return {now.number == row.max ? row.min : row.max, {}};
  if (row.kind == param::Kind::Whole) return {now.number == row.max ? row.min : row.max, {}};
  if (row.kind == param::Kind::Word) return {0, row.words.front() == now.text ? row.words.back() : row.words.front()};
  if (row.key == "layers") return {0, "inception_3b:0.5,inception_4c"};
  if (row.key == "layer/N/channels") return {0, "97+12"};
  if (row.key == "layer/N/name") return {0, "inception_5a"};
  return {0, now.text + "other.pt"};
}
}  // namespace

TEST_CASE("params: the table has one row per field, and each row's setter moves its own field only") {
  const DreamParams defaults;
  std::set<std::string> keys;
  for (const param::Row& row : param::table()) {
    INFO(row.key);
    CHECK(keys.insert(row.key).second);  // no key twice
    REQUIRE(row.get != nullptr);
    REQUIRE(row.set != nullptr);
    CHECK_FALSE(row.label.empty());
    CHECK_FALSE(row.what.empty());
    CHECK((row.keyframeable() || !row.not_keyed.empty()));
    if (row.is_number()) CHECK(row.min < row.max);
    if (row.kind == param::Kind::Word) CHECK(row.words.size() >= 2);
    // The default is accepted by its own check.
    CHECK(param::problem(row, row.get(defaults, 0)).empty());

    DreamParams moved = defaults;
    const param::Value value = other_value(row, moved);
    param::set(row, moved, 0, value, row.key);
    CHECK(row.value_text(row.get(moved, 0)) == row.value_text(value));
    // Exactly one thing changed: undoing it through the same row gives the defaults back.
    CHECK(moved != defaults);
    param::set(row, moved, 0, row.get(defaults, 0), row.key);
    CHECK(moved == defaults);
  }
  // Every key to_json writes is a row, and every row but the per-layer ones is a key it writes.
  const nlohmann::json json = to_json(defaults);
  size_t top_level = 0;
  for (const param::Row& row : param::table())
    if (!row.per_layer) {
      ++top_level;
      CHECK(json.contains(row.key));
    }
  CHECK(json.size() == top_level);
  CHECK(top_level == 28);  // DreamParams' fields; a new field needs its row
}

TEST_CASE("params: ranges in words, defaults from DreamParams, lookups by key, layer and flag") {
  CHECK(param::find("step_size")->range_text() == "0.00001..1");
  CHECK(param::find("tile")->range_text() == "0 or 64..8192");
  CHECK(param::find("loss")->range_text() == "mean or mean-square");
  CHECK(param::find("precondition")->range_text() == "none, laplacian, fourier or smooth");
  CHECK(param::find("step_size")->default_text() == "0.01");
  CHECK(param::find("layers")->default_text() == "inception_4c");
  CHECK(param::find("octave_scale")->default_text() == "1.4");
  size_t layer = 99;
  const param::Row* weight = param::find("layer/12/weight", &layer);
  REQUIRE(weight != nullptr);
  CHECK(weight->key == "layer/N/weight");
  CHECK(layer == 12);
  CHECK(param::find("layer/x/weight") == nullptr);
  CHECK(param::find("layer/123/weight") == nullptr);  // two digits at most, as OSC
  CHECK(param::find("zom") == nullptr);
  CHECK(param::find_flag("--max-dim")->key == "max_dim");
  CHECK(param::find_flag("--preset") == nullptr);
}

TEST_CASE("params: one check and one message, at each limit, for floats as the field holds them") {
  const param::Row& step = *param::find("step_size");
  CHECK(param::problem(step, {0.00001, {}}).empty());
  CHECK(param::problem(step, {static_cast<double>(0.00001f), {}}).empty());  // a slider's float is the same limit
  CHECK(param::problem(step, {1, {}}).empty());
  CHECK(param::problem(step, {0, {}}) == "0 is outside 0.00001..1");
  CHECK(param::problem(step, {1.5, {}}) == "1.5 is outside 0.00001..1");
  CHECK(param::problem(step, {std::nan(""), {}}) == "the value is not a finite number");
  CHECK(param::problem(step, {1e300, {}}) == "1e+300 is outside 0.00001..1");
  const param::Row& octaves = *param::find("octaves");
  CHECK(param::problem(octaves, {2.5, {}}) == "2.5 is not a whole number");
  CHECK(param::problem(octaves, {4294967297.0, {}}) == "4294967297 is outside 1..16");
  const param::Row& tile = *param::find("tile");
  CHECK(param::problem(tile, {0, {}}).empty());
  CHECK(param::problem(tile, {63, {}}) == "63 is outside 0 or 64..8192");
  const param::Row& loss = *param::find("loss");
  CHECK(param::problem(loss, {0, "caffe"}).empty());  // the parser's other name
  CHECK(param::problem(loss, {0, "huber"}) == "'huber' is not one of mean or mean-square");
  CHECK(contains(param::problem(*param::find("layers"), {0, "inception_4c:97@1.2,0.5"}), "outside [0,1]"));

  DreamParams p;
  const DreamParams before = p;
  try {
    param::set(*param::find("zoom"), p, 0, {9, {}}, "--zoom");
    FAIL("zoom 9 was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--zoom: 9 is outside 0.5..2 (use --zoom 0.5..2)");
  }
  try {
    param::set(*param::find("layer/3/weight"), p, 3, {1, {}}, "OSC /livedream/layer/3/weight");
    FAIL("layer 3 of 1 was accepted");
  } catch (const Error& e) {
    CHECK(contains(e.what(), "there is no layer 3 (the dream has 1, counted from 0)"));
  }
  CHECK(p == before);  // a refused value changes nothing

  // validate() is the same check: its message names the parameter and the flag to fix it with.
  p.step_size = 5;
  try {
    validate(p);
    FAIL("step size 5 was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "Step size: 5 is outside 0.00001..1 (use --step-size 0.00001..1)");
  }
  p = before;
  p.border = static_cast<BorderFill>(7);  // a corrupted value is not taken for the first word
  CHECK_THROWS_AS(validate(p), Error);
}

TEST_CASE("params: the table as Markdown has one line per row, with range, default, flag and surfaces") {
  const std::string markdown = param::format_table(true);
  CHECK(std::count(markdown.begin(), markdown.end(), '\n') == static_cast<long>(param::table().size()) + 2);
  CHECK(contains(markdown, "| `step_size` | number | 0.00001..1 | - | `0.01` | `--step-size` | Step size | JSON, CLI, OSC, keyframes |"));
  CHECK(contains(markdown, "| `max_dim` | whole | 0..16384 | px | `500` | `--max-dim` | Resolution | JSON, CLI, OSC |"));
  CHECK(contains(markdown, "| `layer/N/weight` | number | -100..100 | - | - | - | Weight | OSC, keyframes |"));
}

TEST_CASE("params: the README's parameter table is the table's own") {
  const std::string readme = read_file_text(livedream::test::source_dir() + "/README.md", "README");
  INFO("regenerate it with: build/livedream params --markdown");
  CHECK(contains(readme, param::format_table(true)));
}
