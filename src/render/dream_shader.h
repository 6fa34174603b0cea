// The dream drawn by our own shaders (shaders/dream.vert and dream.frag): a textured quad placed
// by view.h's arithmetic, clipped to the dream area.
#pragma once
#include <string>

#include "render/gl_texture.h"
#include "render/view.h"
#include "render/window.h"

namespace livedream::render {

class DreamShader {
 public:
  // Loads and compiles <dir>/dream.vert and dream.frag. Throws livedream::Error naming the file
  // and the compiler's first message.
  explicit DreamShader(const std::string& dir);
  ~DreamShader();
  DreamShader(const DreamShader&) = delete;
  DreamShader& operator=(const DreamShader&) = delete;

  // Draws `texture` at `rect`, clipped to `area` (both in framebuffer pixels, top-left origin) of
  // a framebuffer of size `framebuffer`. Does not clear; leaves blending and scissor disabled.
  void draw(const GlTexture& texture, const PixelRect& rect, const PixelRect& area, Size framebuffer);
  // The same by the texture's name (another thread's context of the same share group draws it).
  void draw(unsigned texture, const PixelRect& rect, const PixelRect& area, Size framebuffer);

 private:
  unsigned program_ = 0, vao_ = 0;
  int u_rect_ = -1, u_dream_ = -1;
};

}  // namespace livedream::render
