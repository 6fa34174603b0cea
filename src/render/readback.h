// Reading pixels back from the framebuffer (glReadPixels): window screenshots and the tests that
// compare what was drawn with what was uploaded.
#pragma once
#include <cstdint>
#include <vector>

#include "core/image.h"
#include "render/gl_texture.h"
#include "render/window.h"

namespace livedream::render {

// The back buffer of the default framebuffer (what the next swap shows), as RGB, top row first.
// Call after drawing and before swapping.
Image read_window_pixels(Size framebuffer);

// A rectangle (x, y from the top-left corner) of the current read framebuffer as RGBA, top row first.
std::vector<uint8_t> read_pixels_rgba(int x, int y, int width, int height, int framebuffer_height);

// The texture's pixels as RGB, top row first (exactly what was uploaded).
Image read_texture_rgb(const GlTexture& texture);

}  // namespace livedream::render
