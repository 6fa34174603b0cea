// The default image: clouds made of fractal value noise, so the viewer opens on something worth
// dreaming on without any file (and the project owns every pixel of it).
#pragma once
#include <cstdint>

#include "core/image.h"

namespace livedream {

Image make_clouds(int width, int height, uint32_t seed = 1);

}  // namespace livedream
