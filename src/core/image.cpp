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
#include "core/png_text.h"

namespace livedream {

Image decode_image(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (bytes.empty())
    throw runtime_error("image file is empty: " + name, "give a PNG or JPEG image");
  if (bytes.size() > static_cast<size_t>(INT32_MAX))
    throw runtime_error("image file is too large to decode: " + name, "use a file under 2 GB");
  const auto* data = bytes.data();
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &channels))
    throw runtime_error("cannot read image " + name + ": " + stbi_failure_reason(),
                        "give a valid PNG, JPEG, BMP, GIF, TGA or PNM file");
  if (w <= 0 || h <= 0)
    throw runtime_error("image " + name + " has no pixels", "give a non-empty image");
  if (w > kMaxImageSide || h > kMaxImageSide || static_cast<int64_t>(w) * h > kMaxImagePixels)
    throw runtime_error("image " + name + " is " + std::to_string(w) + "x" + std::to_string(h) +
                            ", over the limit of " + std::to_string(kMaxImageSide) + " px a side and 100 megapixels",
                        "downscale it first");
  // Ask for 4 channels when there is alpha so it can be composited; stb expands palettes and
  // reduces 16-bit samples to 8 bits.
  const bool has_alpha = channels == 2 || channels == 4;
  const int want = has_alpha ? 4 : 3;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, len, &w, &h, &channels, want),
                                                   stbi_image_free);
  if (!pixels)
    throw runtime_error("cannot decode image " + name + ": " + stbi_failure_reason(),
                        "the file is truncated or corrupt; re-export it as PNG or JPEG");
  Image image;
  image.width = w;
  image.height = h;
  image.rgb.resize(static_cast<size_t>(w) * h * 3);
  const size_t count = static_cast<size_t>(w) * h;
  if (want == 3) {
    std::memcpy(image.rgb.data(), pixels.get(), count * 3);
  } else {
    // Transparent regions become black, as a viewer showing the image over black would.
    for (size_t i = 0; i < count; ++i) {
      const stbi_uc* p = pixels.get() + i * 4;
      for (int c = 0; c < 3; ++c) image.rgb[i * 3 + c] = static_cast<uint8_t>((p[c] * p[3] + 127) / 255);
    }
  }
  return image;
}

Image load_image(const std::string& path) {
  return decode_image(read_file_bytes(path, "image"), path);
}

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

std::map<std::string, std::string> read_png_text(const std::string& path) {
  return png_read_text(read_file_bytes(path, "PNG"), path);
}

}  // namespace livedream
