// Reading pixels back from GL: window screenshots, the dream texture (for device frames, whose
// pixels are not on the host) and the tests that compare what was drawn with what was uploaded.
// Each call waits for the GPU: for screenshots and tests, never per frame.
#pragma once
#include <cstdint>
#include <vector>

#include "core/rgba_frame.h"
#include "render/gl_texture.h"
#include "render/window.h"

namespace livedream::render {

// The back buffer of the default framebuffer (what the next swap shows), top row first.
// Call after drawing and before swapping.
RgbaFrame read_window_pixels(Size framebuffer);

// A rectangle (x, y from the top-left corner) of the current read framebuffer as RGBA, top row first.
std::vector<uint8_t> read_pixels_rgba(int x, int y, int width, int height, int framebuffer_height);

// The texture's pixels (exactly what was uploaded), top row first.
RgbaFrame read_texture(const GlTexture& texture);

}  // namespace livedream::render
