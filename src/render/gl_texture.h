// The dream texture: RGBA8, rows stored top row first (texture coordinate t = 0 is the image's top).
#pragma once
#include <cstdint>

namespace livedream::render {

class GlTexture {
 public:
  GlTexture() = default;
  ~GlTexture();
  GlTexture(GlTexture&& other) noexcept;
  GlTexture& operator=(GlTexture&& other) noexcept;
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;

  // (Re)allocates width x height RGBA8 storage with a fresh texture name when the size changes;
  // a no-op when it already has this size. Contents are undefined until uploaded.
  void allocate(int width, int height);
  void release();

  void set_linear_filter(bool linear);
  bool linear_filter() const { return linear_; }

  unsigned id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return id_ == 0; }
  // Bumps on every reallocation: interop registrations keyed on it know when to re-register.
  uint64_t generation() const { return generation_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0;
  bool linear_ = true;
  uint64_t generation_ = 0;
};

}  // namespace livedream::render
