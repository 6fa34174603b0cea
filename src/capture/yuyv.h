// RGBA to YUYV 4:2:2 (the byte order Y0 U Y1 V), the format webcams and v4l2loopback consumers
// take most widely. BT.601 matrix, limited range (Y 16-235, U/V 16-240), as webcams send it and
// browsers and OBS read it; the two pixels of a pair share the mean of their chroma.
#pragma once
#include <cstdint>
#include <vector>

#include "core/rgba_frame.h"

namespace livedream::capture {

// `width` must be even. Writes height rows of width * 2 bytes into `out` (resized).
void rgba_to_yuyv(const RgbaFrame& frame, std::vector<uint8_t>& out);

}  // namespace livedream::capture
