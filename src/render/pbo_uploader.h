// The CPU upload path: host pixels -> a pixel buffer object -> glTexSubImage2D.
// Two buffers in rotation, each orphaned (glBufferData with no data) before it is mapped, so the
// CPU never waits for the GPU to finish reading the previous frame.
#pragma once
#include "render/texture_uploader.h"

namespace livedream::render {

class PboUploader final : public TextureUploader {
 public:
  PboUploader();
  ~PboUploader() override;
  const char* name() const override { return "cpu-pbo"; }
  bool takes_device_frames() const override { return false; }
  UploadResult upload(const RgbaFrame& frame, GlTexture& texture) override;

 private:
  unsigned buffers_[2] = {0, 0};
  int next_ = 0;
};

}  // namespace livedream::render
