#include "render/image_texture.h"

#include <glad/gl.h>

#include "render/gl_debug.h"

namespace livedream::render {

void upload_image(GlTexture& texture, const Image& image) {
  texture.set_linear_filter(true);
  texture.allocate(image.width, image.height);
  glBindTexture(GL_TEXTURE_2D, texture.id());
  // RGB rows are 3 bytes a pixel: any width, so no 4-byte row alignment.
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, GL_RGB, GL_UNSIGNED_BYTE, image.rgb.data());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glBindTexture(GL_TEXTURE_2D, 0);
  gl_check("uploading an atlas thumbnail");
}

}  // namespace livedream::render
