// Every surface that sets a dream parameter (the command line, a preset's JSON, OSC, a keyframe
// track, validate() behind the viewer's fields) accepts and refuses the same values, with the same
// words, because each asks the parameter table (core/param_table). Checked at every row's limits,
// just inside and just outside, and for every word and a wrong one.
#include <CLI/CLI.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/dream_options.h"
#include "control/osc_commands.h"
#include "core/dream_params.h"
#include "core/error.h"
#include "core/keyframes.h"
#include "core/param_table.h"
#include "support/catch.h"

using namespace livedream;

namespace {

// What one surface said: nothing (accepted) or its one-line refusal.
using Answer = std::optional<std::string>;

template <typename F>
Answer answer(F&& f) {
  try {
    f();
    return std::nullopt;
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

std::string number_text(const param::Row& row, double v) { return row.value_text({v, {}}); }

nlohmann::json json_value(const param::Row& row, const param::Value& v) {
  if (!row.is_number()) return v.text;
  if (row.kind == param::Kind::Whole && v.number == std::floor(v.number)) return static_cast<int64_t>(v.number);
  return v.number;
}

Answer by_command_line(const param::Row& row, const param::Value& v) {
  return answer([&] {
    CLI::App app;
    app::DreamOptions options;
    options.add_to(app);
    app.parse(std::vector<std::string>{row.is_number() ? number_text(row, v.number) : v.text, row.flag});  // CLI11 takes them reversed
    (void)options.resolve();
  });
}

Answer by_preset(const param::Row& row, const param::Value& v) {
  return answer([&] { validate(params_from_json_text(nlohmann::json{{row.key, json_value(row, v)}}.dump(), "test.json")); });
}

Answer by_osc(const param::Row& row, const param::Value& v, size_t layer = 0) {
  std::string address = row.osc_address();
  if (row.per_layer) address.replace(address.find("/N/"), 3, "/" + std::to_string(layer) + "/");
  const char tag = row.kind == param::Kind::Number ? 'f' : row.kind == param::Kind::Whole ? 'i' : 's';
  return answer([&] {
    DreamParams p;
    osc::apply_to_params(osc::parse_message(address, std::string(1, tag), {{tag, v.number, v.text}}), p);
  });
}

Answer by_keyframes(const param::Row& row, const param::Value& v, size_t layer = 0) {
  std::string key = row.key;
  if (row.per_layer) key.replace(key.find("/N/"), 3, "/" + std::to_string(layer) + "/");
  return answer([&] {
    const nlohmann::json file = {{"tracks", {{key, nlohmann::json::array({nlohmann::json::array({0, json_value(row, v)})})}}}};
    keyframes_from_json_text(file.dump(), "k.json").check(DreamParams{}, 30);
  });
}

// validate() on a field set without any check: what the viewer's slider (Ctrl+click typing) hands
// the session.
Answer by_validate(const param::Row& row, const param::Value& v) {
  return answer([&] {
    DreamParams p;
    row.set(p, 0, v);
    validate(p);
  });
}

std::vector<param::Value> probes(const param::Row& row) {
  if (row.kind == param::Kind::Word) {
    std::vector<param::Value> out;
    for (const auto& word : row.words) out.push_back({0, word});
    out.push_back({0, "nonsense"});
    return out;
  }
  const bool whole = row.kind == param::Kind::Whole;
  const double step = whole ? 1.0 : std::max(1e-6, (row.max - row.min) * 1e-3);
  std::vector<double> values = {row.min, row.max, whole ? std::round((row.min + row.max) / 2) : (row.min + row.max) / 2, row.min - step,
                                row.max + step};
  if (whole) values.push_back(row.min + 0.5);  // not a whole number
  if (row.zero_means_off) values.push_back(0);
  std::vector<param::Value> out;
  for (double v : values) out.push_back({v, {}});
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("every surface accepts and refuses the same values of every parameter, in the same words") {
  int rows = 0, refusals = 0;
  for (const param::Row& row : param::table()) {
    if (row.kind == param::Kind::Text || row.per_layer) continue;  // free text: its grammar's own test
    if (row.key == "seed") continue;                               // OSC's 'i' is 32 bits on the wire; the seed's range is wider
    ++rows;
    for (const param::Value& v : probes(row)) {
      const std::string shown = row.is_number() ? number_text(row, v.number) : v.text;
      INFO(row.key << " = " << shown);
      const std::string problem = param::problem(row, v);
      std::vector<std::pair<const char*, Answer>> answers = {{"preset", by_preset(row, v)}};
      // validate() behind the viewer's sliders, which hand it numbers (its combos offer only the words).
      if (row.kind == param::Kind::Number || (row.kind == param::Kind::Whole && v.number == std::floor(v.number)))
        answers.push_back({"validate", by_validate(row, v)});
      if (!row.flag.empty()) answers.push_back({"command line", by_command_line(row, v)});
      if (row.live) answers.push_back({"OSC", by_osc(row, v)});
      if (row.keyframeable()) answers.push_back({"keyframes", by_keyframes(row, v)});
      for (const auto& [surface, said] : answers) {
        INFO(surface << ": " << said.value_or("accepted"));
        CHECK(said.has_value() == !problem.empty());
        if (said && !problem.empty()) {
          ++refusals;
          CHECK(contains(*said, problem));  // "9 is outside 0.5..2", wherever it came from
        }
      }
    }
  }
  CHECK(rows >= 20);
  CHECK(refusals > 100);
}

TEST_CASE("a layer's weight: OSC and keyframes agree at its limits, and validate() behind presets and the command line too") {
  const param::Row& row = *param::find("layer/N/weight");
  for (const double v : {-100.0, 100.0, 1.0, -100.5, 100.5}) {
    INFO(v);
    const bool accepted = param::problem(row, {v, {}}).empty();
    CHECK(!by_osc(row, {v, {}}).has_value() == accepted);
    CHECK(!by_keyframes(row, {v, {}}).has_value() == accepted);
    const Answer preset = answer([&] {
      validate(params_from_json_text(R"({"layers": [{"layer": "inception_4c", "weight": )" + nlohmann::json(v).dump() + "}]}", "t.json"));
    });
    CHECK(!preset.has_value() == accepted);
    const Answer layers_option = by_command_line(*param::find("layers"), {0, "inception_4c:" + nlohmann::json(v).dump()});
    INFO(layers_option.value_or("accepted"));
    CHECK(!layers_option.has_value() == accepted);
  }
  // A layer that is not there: OSC and keyframes say so the same way.
  CHECK(contains(by_osc(row, {1, {}}, 3).value_or(""), "there is no layer 3"));
  CHECK(contains(by_keyframes(row, {1, {}}, 3).value_or(""), "there is no layer 3"));
}
