#include "core/image_guard.h"

#include <algorithm>

#include "core/error.h"

namespace livedream {
namespace {

[[noreturn]] void refuse(const std::string& name, const std::string& why) {
  throw runtime_error("cannot read image " + name + ": " + why, "the file is corrupt; re-export it as PNG or JPEG");
}

// Two stb_image 2.27 bugs in its JPEG decoder, both fixed in later versions:
//  - a DHT table's 16 code counts are summed without a bound, and that many symbols are written
//    into a 257-entry array: a heap overflow (stb 2.28 refuses n > 256, as this check does);
//  - a scan may use a Huffman (or quantization) table that was never defined: stb then decodes
//    with uninitialised tables and reads far out of bounds (stbi__jpeg_huff_decode).
// The walk below visits every marker stb could process, as stb does: outside segments (entropy-
// coded data, padding) each 0xFF followed by a byte other than 0x00/0xFF is a marker; a segment
// is skipped by its length, except DHT, DQT, SOF and SOS, which are read exactly as stb reads
// them (DHT past the segment's end if its counts say so; zeros after the end of the data).
void check_jpeg(const std::vector<uint8_t>& b, const std::string& name) {
  const size_t size = b.size();
  auto at = [&](size_t i) -> unsigned { return i < size ? b[i] : 0u; };
  bool dc_defined[4] = {}, ac_defined[4] = {}, q_defined[4] = {};
  bool have_frame = false, progressive = false;
  unsigned components = 0, component_id[4] = {}, component_tq[4] = {};
  size_t pos = 0;
  while (pos + 1 < size) {
    if (b[pos] != 0xFF || b[pos + 1] == 0x00 || b[pos + 1] == 0xFF) {
      ++pos;
      continue;
    }
    const unsigned marker = b[pos + 1];
    const size_t segment = pos + 2;  // the 16-bit length field
    if (marker == 0xD9) return;      // EOI: stb stops here (data after it is not ours to check)
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length field
      pos = segment;
      continue;
    }
    const unsigned length = (at(segment) << 8) | at(segment + 1);
    const size_t body = segment + 2;
    if (marker == 0xC4) {  // DHT
      long remaining = static_cast<long>(length) - 2;
      size_t q = body;
      while (remaining > 0) {
        const unsigned table = at(q), tc = table >> 4, th = table & 15;
        if (tc > 1 || th > 3) break;  // stb refuses this table itself
        unsigned codes = 0;
        for (int i = 1; i <= 16; ++i) codes += at(q + i);
        if (codes > 256) refuse(name, "corrupt JPEG (a Huffman table with " + std::to_string(codes) + " codes, at most 256 are possible)");
        (tc == 0 ? dc_defined : ac_defined)[th] = true;
        remaining -= 17 + static_cast<long>(codes);
        q += 17 + codes;
      }
    } else if (marker == 0xDB) {  // DQT
      long remaining = static_cast<long>(length) - 2;
      size_t q = body;
      while (remaining > 0) {
        const unsigned precision = at(q) >> 4, table = at(q) & 15;
        if (precision > 1 || table > 3) break;  // stb refuses it
        q_defined[table] = true;
        remaining -= precision ? 129 : 65;
        q += precision ? 129 : 65;
      }
    } else if ((marker == 0xC0 || marker == 0xC1 || marker == 0xC2) && !have_frame) {  // SOF: stb reads the first
      have_frame = true;
      progressive = marker == 0xC2;
      components = std::min(at(body + 5), 4u);
      for (unsigned i = 0; i < components; ++i) {
        component_id[i] = at(body + 6 + 3 * i);
        component_tq[i] = at(body + 8 + 3 * i);
      }
    } else if (marker == 0xDA && have_frame) {  // SOS
      const unsigned count = at(body);
      const unsigned ss = at(body + 1 + 2 * count), ah = at(body + 3 + 2 * count) >> 4;
      for (unsigned i = 0; i < count && i < 4; ++i) {
        const unsigned id = at(body + 1 + 2 * i), td = at(body + 2 + 2 * i) >> 4, ta = at(body + 2 + 2 * i) & 15;
        unsigned which = 0;
        while (which < components && component_id[which] != id) ++which;
        if (which == components || td > 3 || ta > 3 || component_tq[which] > 3) break;  // stb refuses the scan
        const bool uses_dc = !progressive || (ss == 0 && ah == 0);
        const bool uses_ac = !progressive || ss > 0;
        if ((uses_dc && !dc_defined[td]) || (uses_ac && !ac_defined[ta]))
          refuse(name, "corrupt JPEG (a scan uses a Huffman table that was never defined)");
        if (!q_defined[component_tq[which]]) refuse(name, "corrupt JPEG (a scan uses a quantization table that was never defined)");
      }
    }
    if (length < 2) return;  // stb refuses the file here
    pos = segment + length;
  }
}

// stb_image 2.27 reads the numbers of a PNM header into an int without an overflow check
// (undefined behaviour; the wrapped value then becomes the width, height or maxval). The header is
// read here exactly as stb reads it (stbi__pnm_info), with 64-bit numbers.
void check_pnm(const std::vector<uint8_t>& b, const std::string& name) {
  size_t i = 2;  // after "P5" / "P6"
  auto eof = [&] { return i >= b.size(); };
  auto get = [&]() -> char { return i < b.size() ? static_cast<char>(b[i++]) : '\0'; };
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  char c = get();
  for (int field = 0; field < 3; ++field) {  // width, height, maxval
    for (;;) {
      while (!eof() && space(c)) c = get();
      if (eof() || c != '#') break;
      while (!eof() && c != '\n' && c != '\r') c = get();
    }
    long long value = 0;
    while (!eof() && c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      if (value > 2147483647LL) refuse(name, "corrupt PNM (a number in its header is too large)");
      c = get();
    }
  }
}

}  // namespace

void guard_image_bytes(const std::vector<uint8_t>& bytes, const std::string& name) {
  // stb recognises a JPEG by its first marker (SOI, possibly after 0xFF fill bytes).
  size_t i = 0;
  while (i < bytes.size() && bytes[i] == 0xFF) ++i;
  if (i >= 1 && i < bytes.size() && bytes[i] == 0xD8) check_jpeg(bytes, name);
  if (bytes.size() >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6')) check_pnm(bytes, name);
}

}  // namespace livedream
