#include "core/layer_spec.h"

#include <charconv>
#include <cmath>
#include <exception>

#include "core/error.h"

namespace livedream {
namespace {

// The shortest text that reads back as the same float ("0.3", not the double's 0.30000001192092896).
std::string format_number(float value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof(buffer), value).ptr;
  std::string text(buffer, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

const char* kPointFix = "give the point as relative x,y between 0 and 1, e.g. inception_4c:97@0.3,0.6";

void check_point(const RelativePoint& point, const std::string& layer) {
  if (!(point.x >= 0.0f && point.x <= 1.0f && point.y >= 0.0f && point.y <= 1.0f))  // NaN fails too
    throw usage_error("the point " + format_number(point.x) + "," + format_number(point.y) + " of layer " + layer + " is outside [0,1]",
                      kPointFix);
}

}  // namespace

// What the richer terms allow together: a class term is a class and a weight only; strongest
// picks the channels itself; a point is inside the picture.
void check_layer_term(const LayerObjective& l) {
  if (l.is_class()) {
    if (l.class_name.empty()) throw usage_error("a class term names no class", "use class:NAME, e.g. class:tabby");
    if (!l.channels.empty() || l.point || l.strongest != 0)
      throw usage_error("the class term class:" + l.class_name + " has channels, a point or strongN",
                        "a class term takes only a weight, e.g. class:tabby:2.0");
    return;
  }
  if (!l.class_name.empty()) throw usage_error("layer " + l.layer + " has a class name", "name classes as class:NAME");
  if (l.point) check_point(*l.point, l.layer);
  if (l.strongest < 0 || l.strongest > 4096)
    throw usage_error("strong" + std::to_string(l.strongest) + " of layer " + l.layer + " is outside 1..4096",
                      "use e.g. " + l.layer + ":strong8");
  if (l.strongest > 0 && !l.channels.empty())
    throw usage_error("layer " + l.layer + " has both channels and strong" + std::to_string(l.strongest),
                      "give channels or strongN, not both");
}

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}
bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

const char* kLayersFix = "use name[:channel[+channel...]|:strongN][@x,y][:weight],... or class:NAME[:weight], e.g. inception_4c:97@0.3,0.6";

float parse_float(const std::string& text, const std::string& what, const std::string& item) {
  size_t used = 0;
  float value = 0.0f;
  try {
    value = std::stof(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !std::isfinite(value))
    throw usage_error("bad " + what + " '" + text + "' in layer spec '" + item + "'", kLayersFix);
  return value;
}

// "x,y" after an '@'.
RelativePoint parse_point(const std::string& text, const std::string& layer, const std::string& item) {
  const auto xy = split(text, ',');
  if (xy.size() != 2) throw usage_error("the point '" + text + "' in layer spec '" + item + "' is not x,y", kPointFix);
  RelativePoint point{parse_float(xy[0], "point x", item), parse_float(xy[1], "point y", item)};
  check_point(point, layer);
  return point;
}

// The items of a spec: split at commas, except the one inside a point ("@0.3,0.6").
std::vector<std::string> spec_items(const std::string& spec) {
  std::vector<std::string> items;
  const auto pieces = split(spec, ',');
  for (size_t i = 0; i < pieces.size(); ++i) {
    std::string item = pieces[i];
    if (item.find('@') != std::string::npos) {
      if (i + 1 >= pieces.size()) throw usage_error("the point in layer spec '" + item + "' has no y", kPointFix);
      item += "," + pieces[++i];
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

std::vector<LayerObjective> parse_layers(const std::string& spec) {
  const std::string fix = kLayersFix;
  std::vector<LayerObjective> layers;
  for (const std::string& item : spec_items(spec)) {
    auto fields = split(item, ':');
    LayerObjective objective;
    size_t first_field = 1;
    // The point may follow the name itself (inception_4c@0.5,0.5: every channel at that place).
    if (const size_t at = fields[0].find('@'); at != std::string::npos) {
      objective.point = parse_point(fields[0].substr(at + 1), fields[0].substr(0, at), item);
      fields[0].resize(at);
    }
    objective.layer = fields[0];
    if (objective.layer.empty()) throw usage_error("empty layer name in '" + spec + "'", fix);
    if (objective.is_class()) {
      if (fields.size() < 2 || fields[1].empty()) throw usage_error("'" + item + "' names no class", "use class:NAME, e.g. class:tabby");
      objective.class_name = fields[1];
      first_field = 2;
    }
    bool have_weight = false;
    for (size_t i = first_field; i < fields.size(); ++i) {
      std::string f = fields[i];
      if (const size_t at = f.find('@'); at != std::string::npos && !objective.is_class()) {
        if (objective.point) throw usage_error("layer '" + item + "' has two points", fix);
        objective.point = parse_point(f.substr(at + 1), objective.layer, item);
        f.resize(at);
        if (f.empty()) continue;
      }
      if (f.rfind("strong", 0) == 0 && !objective.is_class()) {
        const std::string count = f.substr(6);
        if (!all_digits(count) || count.size() > 4 || std::stoi(count) < 1)
          throw usage_error("bad '" + f + "' in layer spec '" + item + "': strongN needs N of 1 or more",
                            "use e.g. " + objective.layer + ":strong8");
        if (objective.strongest != 0 || !objective.channels.empty())
          throw usage_error("layer '" + item + "' has channels twice", "give channels or strongN, not both");
        objective.strongest = std::stoi(count);
      } else if (f.find('.') != std::string::npos || f.find('e') != std::string::npos || f.find('-') == 0) {
        if (have_weight) throw usage_error("layer '" + item + "' has two weights", fix);
        objective.weight = parse_float(f, "weight", item);
        have_weight = true;
      } else if (objective.is_class()) {
        throw usage_error("bad field '" + f + "' in '" + item + "': a class term takes only a weight", "e.g. class:tabby:2.0");
      } else {
        if (objective.strongest != 0) throw usage_error("layer '" + item + "' has channels twice", "give channels or strongN, not both");
        for (const std::string& c : split(f, '+')) {
          if (!all_digits(c) || c.size() > 6) throw usage_error("bad channel '" + c + "' in layer spec '" + item + "'", fix);
          objective.channels.push_back(std::stoi(c));
        }
      }
    }
    layers.push_back(std::move(objective));
  }
  return layers;
}

std::string format_layers(const std::vector<LayerObjective>& layers) {
  std::string out;
  for (const auto& l : layers) {
    if (!out.empty()) out += ',';
    out += l.layer;
    if (l.is_class()) out += ':' + l.class_name;
    if (!l.channels.empty()) {
      out += ':';
      for (size_t i = 0; i < l.channels.size(); ++i) {
        if (i) out += '+';
        out += std::to_string(l.channels[i]);
      }
    }
    if (l.strongest > 0) out += ":strong" + std::to_string(l.strongest);
    if (l.point) out += '@' + format_number(l.point->x) + ',' + format_number(l.point->y);
    if (l.weight != 1.0f) out += ':' + format_number(l.weight);
  }
  return out;
}

}  // namespace livedream
