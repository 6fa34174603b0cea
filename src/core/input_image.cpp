#include "core/input_image.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/http_fetch.h"
#include "core/image_resize.h"
#include "core/log.h"
#include "core/procedural_image.h"
#include "core/sha256.h"

namespace livedream {

bool is_builtin_clouds(const std::string& input) { return input == "clouds" || input.rfind("clouds:", 0) == 0; }

namespace {

Image builtin_clouds(const std::string& input) {
  if (input == "clouds") return make_clouds(kCloudsWidth, kCloudsHeight, 1);
  const std::string size = input.substr(std::string("clouds:").size());
  int width = 0, height = 0;
  char extra = 0;
  if (std::sscanf(size.c_str(), "%dx%d%c", &width, &height, &extra) != 2 || width < 16 || height < 16 || width > kLargestKeptSide ||
      height > kLargestKeptSide)
    throw usage_error("bad built-in image size '" + size + "' in " + input, "use clouds or clouds:WIDTHxHEIGHT with sides from 16 to " +
                                                                                std::to_string(kLargestKeptSide) + ", e.g. clouds:640x480");
  return make_clouds(width, height, 1);
}

}  // namespace

Image load_input_image(const std::string& input, const std::string& role) {
  if (input.empty()) throw usage_error("no " + role + " given", "give a file path, an http(s) URL or clouds");
  if (is_builtin_clouds(input)) return builtin_clouds(input);
  if (is_url(input)) return decode_image(http_fetch(input), input);
  return load_image(input);
}

const char* to_string(InputOrigin::Kind kind) {
  switch (kind) {
    case InputOrigin::Kind::File: return "file";
    case InputOrigin::Kind::Url: return "url";
    case InputOrigin::Kind::Procedural: return "procedural";
    case InputOrigin::Kind::Unknown: break;
  }
  return "unknown";
}

InputOrigin::Kind parse_origin_kind(const std::string& text) {
  for (auto kind : {InputOrigin::Kind::Unknown, InputOrigin::Kind::File, InputOrigin::Kind::Url, InputOrigin::Kind::Procedural})
    if (text == to_string(kind)) return kind;
  throw usage_error("unknown source kind '" + text + "'", "use file, url, procedural or unknown");
}

OpenedInput load_input_with_origin(const std::string& input, const std::string& role) {
  if (input.empty()) throw usage_error("no " + role + " given", "give a file path, an http(s) URL or clouds");
  OpenedInput out;
  out.origin.input = input;
  if (is_builtin_clouds(input)) {
    out.image = builtin_clouds(input);
    out.origin.kind = InputOrigin::Kind::Procedural;
  } else if (is_url(input)) {
    const std::vector<uint8_t> bytes = http_fetch(input);
    out.image = decode_image(bytes, input);
    out.origin.kind = InputOrigin::Kind::Url;
    out.origin.sha256 = sha256_hex(bytes);
  } else {
    out.image = load_image(input);
    out.origin.kind = InputOrigin::Kind::File;
    out.origin.sha256 = sha256_file(input);
  }
  return out;
}

Image limit_input_size(const Image& image, int max_dim, const std::string& name, std::ostream& notes) {
  if (max_dim != 0 || std::max(image.width, image.height) <= kLargestKeptSide) return image;
  Image scaled = fit_longest_side(image, kLargestKeptSide);
  if (log::enabled(log::Level::Note))
    notes << log::line(log::Level::Note, log::words(name, " is ", image.width, "x", image.height, "; dreaming on it at ", scaled.width, "x",
                                                    scaled.height, " (pass --max-dim N up to 16384 to choose the size)"));
  return scaled;
}

}  // namespace livedream
