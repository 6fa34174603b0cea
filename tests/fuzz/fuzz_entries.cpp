#include "fuzz/fuzz_entries.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/image.h"
#include "core/image_guard.h"
#include "control/osc_commands.h"
#include "core/png_text.h"

namespace livedream::fuzz {
namespace {

// An invariant broke: abort, so libFuzzer saves the input and the replay test crashes loudly.
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}
#define FUZZ_CHECK(cond)      \
  do {                        \
    if (!(cond)) fail(#cond); \
  } while (0)

void check_error_message(const Error& e) {
  const std::string message = e.what();
  FUZZ_CHECK(!message.empty());
  FUZZ_CHECK(message.find('\n') == std::string::npos);  // one line, always
}

// Decoding images up to the limits (100 megapixels) is allowed but slow under a fuzzer, and
// libFuzzer's memory limit would call it an out-of-memory crash. Inputs whose header claims more
// pixels than this but no more than the limits are skipped; larger claims still go to
// decode_image, so its refusal before allocating is exercised.
constexpr int64_t kFuzzDecodePixels = int64_t(1) << 22;

bool big_but_allowed(const std::vector<uint8_t>& bytes) {
  // stb must not see what decode_image's guard refuses (decode_image then refuses it again).
  try {
    guard_image_bytes(bytes, "fuzz-input");
  } catch (const Error&) {
    return false;
  }
  const uint8_t* data = bytes.data();
  const size_t size = bytes.size();
  int w = 0, h = 0, channels = 0;
  if (size == 0 || size > size_t(INT32_MAX) || !stbi_info_from_memory(data, static_cast<int>(size), &w, &h, &channels)) return false;
  const int64_t pixels = int64_t(w) * h;
  return w <= kMaxImageSide && h <= kMaxImageSide && pixels <= kMaxImagePixels && pixels > kFuzzDecodePixels;
}

}  // namespace

Outcome image_entry(const uint8_t* data, size_t size) {
  Outcome outcome;
  const std::vector<uint8_t> bytes(data, data + size);
  try {
    (void)png_read_text(bytes, "fuzz.png");
    ++outcome.accepted;
  } catch (const Error& e) {
    check_error_message(e);
    ++outcome.refused;
  }
  if (big_but_allowed(bytes)) return outcome;
  Image image;
  try {
    image = decode_image(bytes, "fuzz-input");
  } catch (const Error& e) {
    check_error_message(e);
    ++outcome.refused;
    return outcome;
  }
  ++outcome.accepted;
  FUZZ_CHECK(image.width > 0 && image.height > 0);
  FUZZ_CHECK(image.width <= kMaxImageSide && image.height <= kMaxImageSide);
  FUZZ_CHECK(int64_t(image.width) * image.height <= kMaxImagePixels);
  FUZZ_CHECK(image.rgb.size() == size_t(image.width) * image.height * 3);
  if (int64_t(image.width) * image.height > 256 * 256) return outcome;  // keep the fuzzer fast
  // What we decoded, we can write and read back exactly, text chunks included.
  const std::vector<uint8_t> png =
      encode_png(image, {{"livedream", std::string(bytes.begin(), bytes.begin() + std::min<size_t>(size, 64))}});
  const Image back = decode_image(png, "round-trip");
  FUZZ_CHECK(back.width == image.width && back.height == image.height && back.rgb == image.rgb);
  const auto text = png_read_text(png, "round-trip");
  FUZZ_CHECK(text.count("livedream") == 1);
  return outcome;
}

namespace {

bool valid_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// The round trip through JSON is exact unless a string is not UTF-8 (to_json replaces the bad
// bytes); through a layer spec, unless a layer name contains the spec's separators. Names like
// those are refused later anyway, by the model (unknown layer).
void check_round_trip(const DreamParams& p) {
  const std::string dumped = to_json(p).dump();  // must not throw, whatever the strings hold
  const DreamParams back = params_from_json_text(dumped, "round-trip");
  const std::string spec = format_layers(p.layers);
  if (valid_utf8(p.model) && valid_utf8(p.guide) && valid_utf8(spec)) FUZZ_CHECK(back == p);
  bool spec_safe = true;
  for (const auto& l : p.layers) spec_safe = spec_safe && l.layer.find_first_of(",:") == std::string::npos;
  if (spec_safe) FUZZ_CHECK(parse_layers(spec) == p.layers);
  validate(back);  // what validated once validates again
}

}  // namespace

Outcome preset_entry(const uint8_t* data, size_t size) {
  Outcome outcome;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const DreamParams p = params_from_json_text(text, "fuzz.json");
    validate(p);
    check_round_trip(p);
    ++outcome.accepted;
  } catch (const Error& e) {
    check_error_message(e);
    ++outcome.refused;
  }
  try {
    const auto layers = parse_layers(text);
    FUZZ_CHECK(!layers.empty());
    for (const auto& l : layers) {
      FUZZ_CHECK(!l.layer.empty());
      FUZZ_CHECK(std::isfinite(l.weight));
      for (int c : l.channels) FUZZ_CHECK(c >= 0);
    }
    DreamParams p;
    p.layers = layers;
    validate(p);
    check_round_trip(p);
    ++outcome.accepted;
  } catch (const Error& e) {
    check_error_message(e);
    ++outcome.refused;
  }
  return outcome;
}

namespace {

// Reads up to the next 0 byte (or the end) from data[at...], moving `at` past it.
std::string read_text(const uint8_t* data, size_t size, size_t& at) {
  std::string out;
  while (at < size && data[at] != 0) out += static_cast<char>(data[at++]);
  if (at < size) ++at;
  return out;
}

template <typename T>
double read_number(const uint8_t* data, size_t size, size_t& at) {
  T v{};
  if (at + sizeof(T) <= size) std::memcpy(&v, data + at, sizeof(T));
  at = std::min(size, at + sizeof(T));
  return static_cast<double>(v);
}

}  // namespace

Outcome osc_entry(const uint8_t* data, size_t size) {
  Outcome outcome;
  size_t at = 0;
  const std::string address = read_text(data, size, at);
  const std::string types = read_text(data, size, at);
  std::vector<osc::Arg> args;
  for (char tag : types) {
    osc::Arg a;
    a.tag = tag;
    switch (tag) {
      case 'f': a.number = read_number<float>(data, size, at); break;
      case 'd': a.number = read_number<double>(data, size, at); break;
      case 'i': a.number = read_number<int32_t>(data, size, at); break;
      case 'h': a.number = read_number<int64_t>(data, size, at); break;
      case 's':
      case 'S': a.text = read_text(data, size, at); break;
      default: break;
    }
    args.push_back(std::move(a));
  }
  osc::Command command;
  try {
    command = osc::parse_message(address, types, args);
  } catch (const Error& e) {
    check_error_message(e);
    ++outcome.refused;
    return outcome;
  }
  FUZZ_CHECK(command.row < osc::address_table().size());
  FUZZ_CHECK(command.layer <= osc::kMaxLayerIndex);
  for (double v : command.numbers) FUZZ_CHECK(std::isfinite(v));
  if (command.action == osc::Action::SetPause || command.action == osc::Action::SetRecord || command.action == osc::Action::VideoLoop)
    FUZZ_CHECK(command.flag == 0 || command.flag == 1);
  if (command.action != osc::Action::SetParam) {
    ++outcome.accepted;
    return outcome;
  }
  DreamParams p;
  p.layers = parse_layers("inception_3b,inception_4c:97,inception_4d:0.5");
  const DreamParams before = p;
  try {
    osc::apply_to_params(command, p);
  } catch (const Error& e) {
    check_error_message(e);
    FUZZ_CHECK(p == before);  // a refused change leaves the parameters as they were
    ++outcome.refused;
    return outcome;
  }
  validate(p);  // what applied is valid (throws, and the caller fails, if not)
  ++outcome.accepted;
  return outcome;
}

}  // namespace livedream::fuzz
