#include "render/readback.h"

#include <glad/gl.h>

#include <cstring>

#include "render/egl_context.h"

namespace livedream::render {
namespace {

RgbaFrame owned_frame(std::vector<uint8_t> pixels, int width, int height) {
  auto owner = std::make_shared<std::vector<uint8_t>>(std::move(pixels));
  RgbaFrame frame;
  frame.width = width;
  frame.height = height;
  frame.data = owner->data();
  frame.owner = std::move(owner);
  return frame;
}

}  // namespace

std::vector<uint8_t> read_pixels_rgba(int x, int y, int width, int height, int framebuffer_height) {
  std::vector<uint8_t> bottom_up(static_cast<size_t>(width) * height * 4);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glReadPixels(x, framebuffer_height - (y + height), width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  std::vector<uint8_t> top_down(bottom_up.size());
  const size_t row = static_cast<size_t>(width) * 4;
  for (int r = 0; r < height; ++r) std::memcpy(&top_down[row * r], &bottom_up[row * (height - 1 - r)], row);
  return top_down;
}

RgbaFrame read_window_pixels(Size framebuffer) {
  const unsigned window = window_framebuffer();  // a headless window's framebuffer object, else 0
  glBindFramebuffer(GL_READ_FRAMEBUFFER, window);
  glReadBuffer(window ? GL_COLOR_ATTACHMENT0 : GL_BACK);
  return owned_frame(read_pixels_rgba(0, 0, framebuffer.width, framebuffer.height, framebuffer.height), framebuffer.width,
                     framebuffer.height);
}

RgbaFrame read_texture(const GlTexture& texture) {
  if (texture.empty()) return {};
  std::vector<uint8_t> pixels(static_cast<size_t>(texture.width()) * texture.height() * 4);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  return owned_frame(std::move(pixels), texture.width(), texture.height());
}

}  // namespace livedream::render
