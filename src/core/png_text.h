// PNG tEXt chunks: livedream embeds every dream parameter in the PNGs it writes.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace livedream {

// Returns a copy of `png` with one tEXt chunk per entry inserted right after IHDR.
std::vector<uint8_t> png_insert_text(const std::vector<uint8_t>& png, const std::map<std::string, std::string>& text);

// All tEXt chunks of a PNG; throws livedream::Error if `png` is not a PNG (`name` is for messages).
std::map<std::string, std::string> png_read_text(const std::vector<uint8_t>& png, const std::string& name);

}  // namespace livedream
