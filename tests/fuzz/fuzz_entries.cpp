#include "fuzz/fuzz_entries.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/image.h"
#include "core/image_guard.h"
#include "core/png_text.h"

namespace livedream::fuzz {
namespace {

// An invariant broke: abort, so libFuzzer saves the input and the replay test crashes loudly.
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}
#define FUZZ_CHECK(cond) \
  do {                   \
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

void image_entry(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  try {
    (void)png_read_text(bytes, "fuzz.png");
  } catch (const Error& e) {
    check_error_message(e);
  }
  if (big_but_allowed(bytes)) return;
  Image image;
  try {
    image = decode_image(bytes, "fuzz-input");
  } catch (const Error& e) {
    check_error_message(e);
    return;
  }
  FUZZ_CHECK(image.width > 0 && image.height > 0);
  FUZZ_CHECK(image.width <= kMaxImageSide && image.height <= kMaxImageSide);
  FUZZ_CHECK(int64_t(image.width) * image.height <= kMaxImagePixels);
  FUZZ_CHECK(image.rgb.size() == size_t(image.width) * image.height * 3);
  if (int64_t(image.width) * image.height > 256 * 256) return;  // keep the fuzzer fast
  // What we decoded, we can write and read back exactly, text chunks included.
  const std::vector<uint8_t> png = encode_png(image, {{"livedream", std::string(bytes.begin(), bytes.begin() + std::min<size_t>(size, 64))}});
  const Image back = decode_image(png, "round-trip");
  FUZZ_CHECK(back.width == image.width && back.height == image.height && back.rgb == image.rgb);
  const auto text = png_read_text(png, "round-trip");
  FUZZ_CHECK(text.count("livedream") == 1);
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

void preset_entry(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const DreamParams p = params_from_json_text(text, "fuzz.json");
    validate(p);
    check_round_trip(p);
  } catch (const Error& e) {
    check_error_message(e);
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
  } catch (const Error& e) {
    check_error_message(e);
  }
}

}  // namespace livedream::fuzz
