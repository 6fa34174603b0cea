// A small still picture (an atlas thumbnail) as a GL texture, uploaded once from an RGB Image.
#pragma once
#include "core/image.h"
#include "render/gl_texture.h"

namespace livedream::render {

// Uploads `image` into `texture` (allocated to its size, linear filtering); needs the GL context
// current. Rows stay top row first, as for the dream texture.
void upload_image(GlTexture& texture, const Image& image);

}  // namespace livedream::render
