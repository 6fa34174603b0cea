// Checks on untrusted image bytes that the stb_image we build with (Debian 12's libstb, stb_image
// v2.27) does not do itself, run by decode_image before stb sees the bytes. Each check closes a
// memory-safety bug that fuzz_image (tests/fuzz) found; later stb versions check the same things.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

// Throws livedream::Error ("cannot read image NAME: ...") when the bytes would trip stb.
void guard_image_bytes(const std::vector<uint8_t>& bytes, const std::string& name);

}  // namespace livedream
