#include "capture/yuyv.h"

#include <algorithm>

namespace livedream::capture {

namespace {

// Fixed point with 16 fractional bits: the BT.601 coefficients scaled to limited range
// (219/255 for luma, 224/255 for chroma), rounded to nearest.
constexpr int kShift = 16;
constexpr int kHalf = 1 << (kShift - 1);
constexpr int fixed(double v) { return static_cast<int>(v * (1 << kShift) + (v < 0 ? -0.5 : 0.5)); }
constexpr int kYR = fixed(0.299 * 219 / 255), kYG = fixed(0.587 * 219 / 255), kYB = fixed(0.114 * 219 / 255);
constexpr int kUR = fixed(-0.168736 * 224 / 255), kUG = fixed(-0.331264 * 224 / 255), kUB = fixed(0.5 * 224 / 255);
constexpr int kVR = fixed(0.5 * 224 / 255), kVG = fixed(-0.418688 * 224 / 255), kVB = fixed(-0.081312 * 224 / 255);

uint8_t clamp8(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }

}  // namespace

void rgba_to_yuyv(const RgbaFrame& frame, std::vector<uint8_t>& out) {
  const int w = frame.width, h = frame.height;
  out.resize(static_cast<size_t>(w) * h * 2);
  for (int y = 0; y < h; ++y) {
    const uint8_t* src = frame.data + frame.row_bytes() * static_cast<size_t>(y);
    uint8_t* dst = out.data() + static_cast<size_t>(y) * w * 2;
    for (int x = 0; x + 1 < w; x += 2, src += 8, dst += 4) {
      const int r0 = src[0], g0 = src[1], b0 = src[2], r1 = src[4], g1 = src[5], b1 = src[6];
      dst[0] = clamp8(16 + ((kYR * r0 + kYG * g0 + kYB * b0 + kHalf) >> kShift));
      dst[2] = clamp8(16 + ((kYR * r1 + kYG * g1 + kYB * b1 + kHalf) >> kShift));
      // Chroma of the pair's mean colour (sum of two, so half the coefficient: one more shift).
      const int r = r0 + r1, g = g0 + g1, b = b0 + b1;
      dst[1] = clamp8(128 + ((kUR * r + kUG * g + kUB * b + (1 << kShift)) >> (kShift + 1)));
      dst[3] = clamp8(128 + ((kVR * r + kVG * g + kVB * b + (1 << kShift)) >> (kShift + 1)));
    }
  }
}

}  // namespace livedream::capture
