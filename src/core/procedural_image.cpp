#include "core/procedural_image.h"

#include <algorithm>
#include <cmath>

namespace livedream {
namespace {

// Integer hash -> [0,1): a lattice of random values that is the same on every machine.
float lattice(int x, int y, uint32_t seed) {
  uint32_t h = static_cast<uint32_t>(x) * 374761393u + static_cast<uint32_t>(y) * 668265263u + seed * 2246822519u;
  h = (h ^ (h >> 13)) * 1274126177u;
  h ^= h >> 16;
  return static_cast<float>(h & 0xffffff) / static_cast<float>(0x1000000);
}

float smooth(float t) { return t * t * (3.f - 2.f * t); }

float value_noise(float x, float y, uint32_t seed) {
  const int xi = static_cast<int>(std::floor(x)), yi = static_cast<int>(std::floor(y));
  const float tx = smooth(x - xi), ty = smooth(y - yi);
  const float a = lattice(xi, yi, seed), b = lattice(xi + 1, yi, seed);
  const float c = lattice(xi, yi + 1, seed), d = lattice(xi + 1, yi + 1, seed);
  return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

float fractal(float x, float y, uint32_t seed) {
  float sum = 0.f, amplitude = 0.5f, norm = 0.f;
  for (int octave = 0; octave < 7; ++octave) {
    sum += amplitude * value_noise(x, y, seed + octave * 101u);
    norm += amplitude;
    x *= 2.f;
    y *= 2.f;
    amplitude *= 0.5f;
  }
  return sum / norm;
}

}  // namespace

Image make_clouds(int width, int height, uint32_t seed) {
  Image image;
  image.width = width;
  image.height = height;
  image.rgb.resize(static_cast<size_t>(width) * height * 3);
  const float scale = 4.f / static_cast<float>(std::max(width, height));
  for (int y = 0; y < height; ++y) {
    // A sky gradient (deep blue at the top, pale near the horizon) under white clouds.
    const float v = static_cast<float>(y) / std::max(1, height - 1);
    const float sky[3] = {40.f + 120.f * v, 90.f + 110.f * v, 200.f + 40.f * v};
    for (int x = 0; x < width; ++x) {
      const float n = fractal(x * scale, y * scale, seed);
      const float cloud = std::clamp((n - 0.42f) * 2.6f, 0.f, 1.f);
      const float shade = 0.75f + 0.25f * fractal(x * scale * 2.f + 7.f, y * scale * 2.f + 3.f, seed + 17u);
      uint8_t* p = image.pixel(x, y);
      for (int c = 0; c < 3; ++c) {
        const float value = sky[c] * (1.f - cloud) + 255.f * shade * cloud;
        p[c] = static_cast<uint8_t>(std::clamp(value, 0.f, 255.f));
      }
    }
  }
  return image;
}

}  // namespace livedream
