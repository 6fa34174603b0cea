#include "core/image.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/error.h"
#include "core/file_io.h"
#include "core/image_guard.h"
#include "core/png_text.h"
#include "core/stb_alloc.h"

namespace livedream {

Image decode_image(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (bytes.empty()) throw runtime_error("image file is empty: " + name, "give a PNG or JPEG image");
  if (bytes.size() > static_cast<size_t>(INT32_MAX))
    throw runtime_error("image file is too large to decode: " + name, "use a file under 2 GB");
  guard_image_bytes(bytes, name);  // stb 2.27's known memory-safety bugs (found by fuzz_image)
  const auto check_size = [&](int64_t w, int64_t h) {
    if (w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels)
      throw runtime_error("image " + name + " is " + std::to_string(w) + "x" + std::to_string(h) + ", over the limit of " +
                              std::to_string(kMaxImageSide) + " px a side and 100 megapixels",
                          "downscale it first");
  };
  // stb refuses PNGs over 1 GB of pixels with only "corrupt": the size is read here first, so that
  // the message names it.
  static constexpr uint8_t kPngHeader[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  if (bytes.size() >= 24 && std::memcmp(bytes.data(), kPngHeader, 16) == 0) {
    auto be32 = [&](size_t i) { return int64_t(bytes[i]) << 24 | int64_t(bytes[i + 1]) << 16 | int64_t(bytes[i + 2]) << 8 | bytes[i + 3]; };
    check_size(be32(16), be32(20));
  }
  const auto* data = bytes.data();
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &channels))
    throw runtime_error("cannot read image " + name + ": " + stbi_failure_reason(), "give a valid PNG, JPEG, BMP, GIF, TGA or PNM file");
  if (w <= 0 || h <= 0) throw runtime_error("image " + name + " has no pixels", "give a non-empty image");
  check_size(w, h);
  // Ask for 4 channels when there is alpha so it can be composited; stb expands palettes and
  // reduces 16-bit samples to 8 bits. Except for 16-bit PNM, where stb 2.27 has two bugs: it
  // converts channels as if samples were 8-bit and then reads past the buffer (found by
  // fuzz_image), and it keeps the file's big-endian samples in native (little-endian) order. Those
  // are loaded as 16-bit, channels as they are, and converted below.
  const bool has_alpha = channels == 2 || channels == 4;
  const bool pnm16 = bytes.size() >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6') && stbi_is_16_bit_from_memory(data, len);
  const int want = pnm16 ? 0 : has_alpha ? 4 : 3;
  // No single allocation may exceed what a w x h image can need (16 bytes a pixel covers 16-bit
  // RGBA and stb's intermediate buffers), plus room for the compressed data itself.
  const size_t cap = 16 * (static_cast<size_t>(w) + 32) * (static_cast<size_t>(h) + 32) + 2 * bytes.size() + (size_t(1) << 20);
  livedream_stbi_set_allocation_cap(cap);
  const int info_w = w, info_h = h;
  int got = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(pnm16 ? reinterpret_cast<stbi_uc*>(stbi_load_16_from_memory(data, len, &w, &h, &got, 0))
                                                         : stbi_load_from_memory(data, len, &w, &h, &got, want),
                                                   stbi_image_free);
  const bool over_cap = livedream_stbi_cap_exceeded();
  livedream_stbi_set_allocation_cap(0);
  if (!pixels && over_cap)
    throw runtime_error("cannot decode image " + name + ": its data expands to far more than a " + std::to_string(w) + "x" +
                            std::to_string(h) + " image needs (a decompression bomb?)",
                        "re-export it as PNG or JPEG");
  if (!pixels)
    throw runtime_error("cannot decode image " + name + ": " + stbi_failure_reason(),
                        "the file is truncated or corrupt; re-export it as PNG or JPEG");
  const int n = want ? want : got;
  if (w != info_w || h != info_h) check_size(w, h);  // the limits hold for what was decoded, too
  if (n < 1 || n > 4)
    throw runtime_error("cannot decode image " + name + ": " + std::to_string(n) + " channels", "re-export it as PNG or JPEG");
  Image image;
  image.width = w;
  image.height = h;
  image.rgb.resize(static_cast<size_t>(w) * h * 3);
  const size_t count = static_cast<size_t>(w) * h;
  const stbi_uc* src = pixels.get();
  if (pnm16) {  // in place: the big-endian sample's high byte is the first byte of each pair
    auto* bytes8 = pixels.get();
    for (size_t i = 0; i < count * n; ++i) bytes8[i] = bytes8[2 * i];
  }
  if (n == 3) {
    std::memcpy(image.rgb.data(), src, count * 3);
  } else {
    // Grey is spread to RGB; transparent regions become black, as over a black background.
    for (size_t i = 0; i < count; ++i) {
      const stbi_uc* p = src + i * n;
      const int alpha = (n == 2 || n == 4) ? p[n - 1] : 255;
      for (int c = 0; c < 3; ++c) {
        const int v = n <= 2 ? p[0] : p[c];
        image.rgb[i * 3 + c] = static_cast<uint8_t>((v * alpha + 127) / 255);
      }
    }
  }
  return image;
}

Image load_image(const std::string& path) { return decode_image(read_file_bytes(path, "image"), path); }

std::vector<uint8_t> encode_png(const Image& image, const std::map<std::string, std::string>& text) {
  if (image.empty()) throw runtime_error("cannot encode an empty image as PNG", "");
  std::vector<uint8_t> bytes;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  };
  if (!stbi_write_png_to_func(append, &bytes, image.width, image.height, 3, image.rgb.data(), image.width * 3))
    throw runtime_error("PNG encoding failed (out of memory?)", "");
  return text.empty() ? bytes : png_insert_text(bytes, text);
}

void save_png(const std::string& path, const Image& image, const std::map<std::string, std::string>& text) {
  write_file_atomically(path, encode_png(image, text), "PNG");
}

std::map<std::string, std::string> read_png_text(const std::string& path) { return png_read_text(read_file_bytes(path, "PNG"), path); }

}  // namespace livedream
