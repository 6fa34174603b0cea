#include "render/readback.h"

#include <glad/gl.h>

#include <cstring>

namespace livedream::render {

std::vector<uint8_t> read_pixels_rgba(int x, int y, int width, int height, int framebuffer_height) {
  std::vector<uint8_t> bottom_up(static_cast<size_t>(width) * height * 4);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glReadPixels(x, framebuffer_height - (y + height), width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  std::vector<uint8_t> top_down(bottom_up.size());
  const size_t row = static_cast<size_t>(width) * 4;
  for (int r = 0; r < height; ++r)
    std::memcpy(&top_down[row * r], &bottom_up[row * (height - 1 - r)], row);
  return top_down;
}

Image read_window_pixels(Size framebuffer) {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  const auto rgba = read_pixels_rgba(0, 0, framebuffer.width, framebuffer.height, framebuffer.height);
  Image image;
  image.width = framebuffer.width;
  image.height = framebuffer.height;
  image.rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
  for (size_t i = 0, n = static_cast<size_t>(image.width) * image.height; i < n; ++i)
    std::memcpy(&image.rgb[i * 3], &rgba[i * 4], 3);
  return image;
}

Image read_texture_rgb(const GlTexture& texture) {
  Image image;
  if (texture.empty()) return image;
  image.width = texture.width();
  image.height = texture.height();
  image.rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RGB, GL_UNSIGNED_BYTE, image.rgb.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  return image;
}

}  // namespace livedream::render
