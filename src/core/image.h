// 8-bit RGB images: the interchange format between loaders, the engine, capture and the viewer.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace livedream {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // row-major, 3 bytes per pixel, top row first

  bool empty() const { return width == 0 || height == 0; }
  uint8_t* pixel(int x, int y) { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
  const uint8_t* pixel(int x, int y) const { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
};

// Hard limits on what we decode: larger images are refused before any pixel memory is allocated.
constexpr int kMaxImageSide = 16384;
constexpr int64_t kMaxImagePixels = 100'000'000;

// Decodes PNG/JPEG/BMP/GIF/TGA/PSD/PNM from memory or a file. Grey, grey+alpha, palette, RGBA and
// 16-bit images are converted to 8-bit RGB (alpha composited over black). Throws livedream::Error
// naming the file and the problem (missing, empty, truncated, not an image, too large).
Image decode_image(const std::vector<uint8_t>& bytes, const std::string& name);
Image load_image(const std::string& path);

// Writes a PNG atomically (temporary file in the same folder, then rename), so an interrupted
// write never leaves a corrupt file. `text` becomes tEXt chunks (key -> value).
void save_png(const std::string& path, const Image& image, const std::map<std::string, std::string>& text = {});
std::vector<uint8_t> encode_png(const Image& image, const std::map<std::string, std::string>& text = {});

// Reads the tEXt chunks of a PNG file (empty map if none). Throws if the file is not a PNG.
std::map<std::string, std::string> read_png_text(const std::string& path);

}  // namespace livedream
