#include "core/png_text.h"

#include <zlib.h>

#include <cstring>

#include "core/error.h"

namespace livedream {
namespace {
constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

uint32_t read_be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]); }
void append_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}
bool is_png(const std::vector<uint8_t>& png) { return png.size() >= 8 && std::memcmp(png.data(), kSignature, 8) == 0; }
}  // namespace

std::vector<uint8_t> png_insert_text(const std::vector<uint8_t>& png, const std::map<std::string, std::string>& text) {
  if (!is_png(png) || png.size() < 33) throw runtime_error("internal: not a PNG stream", "");
  const size_t after_ihdr = 8 + 8 + read_be32(png.data() + 8) + 4;
  std::vector<uint8_t> out(png.begin(), png.begin() + after_ihdr);
  for (const auto& [key, value] : text) {
    // tEXt: keyword (1-79 Latin-1 bytes), NUL, text. Our values are ASCII JSON.
    std::vector<uint8_t> chunk = {'t', 'E', 'X', 't'};
    chunk.insert(chunk.end(), key.begin(), key.begin() + std::min<size_t>(key.size(), 79));
    chunk.push_back(0);
    chunk.insert(chunk.end(), value.begin(), value.end());
    append_be32(out, static_cast<uint32_t>(chunk.size() - 4));
    out.insert(out.end(), chunk.begin(), chunk.end());
    append_be32(out, static_cast<uint32_t>(crc32(0, chunk.data(), static_cast<uInt>(chunk.size()))));
  }
  out.insert(out.end(), png.begin() + after_ihdr, png.end());
  return out;
}

std::map<std::string, std::string> png_read_text(const std::vector<uint8_t>& png, const std::string& name) {
  if (!is_png(png)) throw runtime_error(name + " is not a PNG file", "give a PNG written by livedream");
  std::map<std::string, std::string> text;
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const uint32_t length = read_be32(png.data() + pos);
    if (length > png.size() - pos - 12) break;  // truncated: keep what we have
    const uint8_t* type = png.data() + pos + 4;
    const uint8_t* data = png.data() + pos + 8;
    if (std::memcmp(type, "tEXt", 4) == 0) {
      const auto* nul = static_cast<const uint8_t*>(std::memchr(data, 0, length));
      if (nul) text[std::string(data, nul)] = std::string(nul + 1, data + length);
    }
    if (std::memcmp(type, "IEND", 4) == 0) break;
    pos += 12 + length;
  }
  return text;
}

}  // namespace livedream
