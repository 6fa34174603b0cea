#include "core/param_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

#include "core/error.h"
#include "core/param_rows.h"

namespace livedream::param {
namespace {

// A number as people write it: the shortest decimal that reads back as the same value, in fixed
// notation (0.00001, not 1e-05); floats as floats (0.02, not 0.019999999552965164).
std::string number_text(double v, bool as_float) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[400];
  std::to_chars_result written;
  if (std::fabs(v) >= 1e21 || (v != 0 && std::fabs(v) < 1e-9))
    written = std::to_chars(buf, buf + sizeof buf, v);
  else if (as_float && std::fabs(v) <= std::numeric_limits<float>::max())
    written = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v), std::chars_format::fixed);
  else
    written = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, written.ptr);
}

std::string words_text(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

bool in_range(const Row& row, double v) {
  if (row.kind == Kind::Number) {
    // As the float the field holds: 0.00001 read as a double is above the float 0.00001f a
    // slider or a preset gives, and both must be the limit.
    if (!(std::fabs(v) <= std::numeric_limits<float>::max())) return false;
    const float f = static_cast<float>(v);
    return f >= static_cast<float>(row.min) && f <= static_cast<float>(row.max);
  }
  return (v >= row.min && v <= row.max) || (row.zero_means_off && v == 0);
}

// "layer/12/weight" against "layer/N/weight": the index, or false.
bool match_layer_key(std::string_view pattern, std::string_view key, size_t& layer) {
  const size_t n = pattern.find("/N/");
  if (n == std::string_view::npos) return false;
  const std::string_view head = pattern.substr(0, n + 1), tail = pattern.substr(n + 2);
  if (key.size() <= head.size() + tail.size() || key.substr(0, head.size()) != head || key.substr(key.size() - tail.size()) != tail)
    return false;
  const std::string_view digits = key.substr(head.size(), key.size() - head.size() - tail.size());
  if (digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
  layer = static_cast<size_t>(std::stoi(std::string(digits)));
  return true;
}

}  // namespace

const std::vector<Row>& table() {
  static const std::vector<Row> rows = make_rows();
  return rows;
}

std::string Row::range_text() const {
  if (kind == Kind::Word) return words_text(words);
  if (kind == Kind::Text) return shape;
  const bool as_float = kind == Kind::Number;
  const std::string span = number_text(min, as_float) + ".." + number_text(max, as_float);
  return zero_means_off ? "0 or " + span : span;
}

std::string Row::value_text(const Value& value) const {
  if (!is_number()) return value.text;
  return number_text(value.number, kind == Kind::Number);
}

std::string Row::default_text() const {
  DreamParams defaults;
  return value_text(get(defaults, 0));
}

const Row* find(std::string_view key, size_t* layer) {
  for (const Row& row : table()) {
    size_t index = 0;
    if (row.key == key || (row.per_layer && match_layer_key(row.key, key, index))) {
      if (layer) *layer = index;
      return &row;
    }
  }
  return nullptr;
}

const Row* find_flag(std::string_view flag) {
  for (const Row& row : table())
    if (!row.flag.empty() && row.flag == flag) return &row;
  return nullptr;
}

std::string problem(const Row& row, const Value& value) {
  switch (row.kind) {
    case Kind::Number:
    case Kind::Whole: {
      const double v = value.number;
      if (!std::isfinite(v)) return "the value is not a finite number";
      if (!in_range(row, v)) return number_text(v, row.kind == Kind::Number) + " is outside " + row.range_text();
      if (row.kind == Kind::Whole && v != std::floor(v)) return number_text(v, false) + " is not a whole number";
      return "";
    }
    case Kind::Word: {
      const bool known = std::find(row.words.begin(), row.words.end(), value.text) != row.words.end() ||
                         std::find(row.aliases.begin(), row.aliases.end(), value.text) != row.aliases.end();
      return known ? "" : "'" + value.text + "' is not one of " + row.range_text();
    }
    case Kind::Text: {
      DreamParams scratch;  // the text's own grammar says what is wrong with it
      scratch.layers.resize(64);
      try {
        row.set(scratch, 0, value);
      } catch (const Error& e) {
        return e.what();
      }
      return "";
    }
  }
  return "";
}

std::string fix(const Row& row) {
  if (!row.flag.empty()) return "use " + row.flag + " " + row.range_text();
  return "'" + row.key + "' takes " + row.range_text();
}

void set(const Row& row, DreamParams& params, size_t layer, const Value& value, const std::string& subject) {
  if (row.per_layer && layer >= params.layers.size())
    throw usage_error(subject + ": there is no layer " + std::to_string(layer) + " (the dream has " + std::to_string(params.layers.size()) +
                          ", counted from 0)",
                      "add layers with --layers, the Layers panel or /livedream/layers");
  if (const std::string why = problem(row, value); !why.empty())
    throw usage_error(subject + ": " + why, row.kind == Kind::Text ? "" : fix(row));
  DreamParams edited = params;
  row.set(edited, layer, value);
  params = std::move(edited);
}

std::string format_table(bool markdown) {
  auto cell = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  auto code = [&](const std::string& s) { return s.empty() ? std::string("-") : "`" + s + "`"; };
  auto kind_text = [](Kind k) { return k == Kind::Number ? "number" : k == Kind::Whole ? "whole" : k == Kind::Word ? "word" : "text"; };
  auto surfaces = [](const Row& r) {
    std::string out = r.per_layer ? "" : "JSON";
    if (!r.flag.empty()) out += std::string(out.empty() ? "" : ", ") + "CLI";
    if (r.live) out += std::string(out.empty() ? "" : ", ") + "OSC";
    if (r.keyframeable()) out += std::string(out.empty() ? "" : ", ") + "keyframes";
    return out;
  };
  std::string out;
  if (markdown) {
    out += "| key | type | range | unit | default | flag | viewer | set by | what it is |\n|---|---|---|---|---|---|---|---|---|\n";
    for (const Row& r : table())
      out += "| `" + r.key + "` | " + kind_text(r.kind) + " | " + cell(r.range_text()) + " | " + cell(r.unit) + " | " +
             (r.per_layer ? "-" : code(r.default_text())) + " | " + code(r.flag) + " | " + r.label + " | " + surfaces(r) + " | " + r.what +
             " |\n";
    return out;
  }
  size_t w_key = 3, w_range = 5;
  for (const Row& r : table()) {
    w_key = std::max(w_key, r.key.size());
    w_range = std::max(w_range, r.range_text().size());
  }
  auto pad = [](const std::string& s, size_t w) { return s + std::string(w > s.size() ? w - s.size() + 2 : 2, ' '); };
  out += pad("key", w_key) + pad("range", w_range) + pad("default", 12) + "set by\n";
  for (const Row& r : table())
    out += pad(r.key, w_key) + pad(r.range_text(), w_range) + pad(r.per_layer ? "-" : cell(r.default_text()), 12) + surfaces(r) + "\n";
  return out;
}

}  // namespace livedream::param
