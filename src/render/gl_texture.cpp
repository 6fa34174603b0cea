#include "render/gl_texture.h"

#include <glad/gl.h>

#include <utility>

#include "core/error.h"
#include "render/gl_debug.h"

namespace livedream::render {

GlTexture::~GlTexture() { release(); }

GlTexture::GlTexture(GlTexture&& other) noexcept { *this = std::move(other); }

GlTexture& GlTexture::operator=(GlTexture&& other) noexcept {
  if (this != &other) {
    release();
    id_ = std::exchange(other.id_, 0);
    width_ = std::exchange(other.width_, 0);
    height_ = std::exchange(other.height_, 0);
    linear_ = other.linear_;
    generation_ = other.generation_ + 1;
  }
  return *this;
}

void GlTexture::release() {
  if (id_) glDeleteTextures(1, &id_);
  id_ = 0;
  width_ = height_ = 0;
}

void GlTexture::allocate(int width, int height) {
  if (width <= 0 || height <= 0)
    throw usage_error("texture size " + std::to_string(width) + "x" + std::to_string(height) + " is empty",
                      "the dream must have at least one pixel");
  if (id_ && width == width_ && height == height_) return;
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (width > max_size || height > max_size)
    throw runtime_error("the dream is " + std::to_string(width) + "x" + std::to_string(height) + " but this GPU's textures are at most " +
                            std::to_string(max_size) + " pixels wide",
                        "use a smaller --max-dim");
  release();
  glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, 0);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  const GLint filter = linear_ ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glBindTexture(GL_TEXTURE_2D, 0);
  width_ = width;
  height_ = height;
  ++generation_;
  gl_check("allocating the dream texture");
}

void GlTexture::set_linear_filter(bool linear) {
  if (linear == linear_ && id_) return;
  linear_ = linear;
  if (!id_) return;
  const GLint filter = linear ? GL_LINEAR : GL_NEAREST;
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace livedream::render
