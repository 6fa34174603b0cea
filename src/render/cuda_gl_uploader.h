// The CUDA-GL interop upload path (CUDA builds only; see texture_uploader.h for the factory).
// The texture is registered with CUDA once per allocation; each frame maps it (RAII, ordered on
// the frame's stream), copies device to device into its array and unmaps. Registration failure
// (e.g. GL runs on another GPU than CUDA, or on a software renderer) is reported by upload() so the
// app falls back to the CPU path and says why.
#pragma once
#include <cstdint>

#include "render/texture_uploader.h"

struct cudaGraphicsResource;

namespace livedream::render {

class CudaGlUploader final : public TextureUploader {
 public:
  CudaGlUploader() = default;
  ~CudaGlUploader() override;
  const char* name() const override { return "cuda-gl-interop"; }
  bool takes_device_frames() const override { return true; }
  UploadResult upload(const RgbaFrame& frame, GlTexture& texture) override;
  void forget_texture() override { unregister(); }

 private:
  void unregister();
  cudaGraphicsResource* resource_ = nullptr;
  unsigned registered_texture_ = 0;
  uint64_t registered_generation_ = 0;
};

// Number of CUDA devices visible to the runtime (0 when none or the driver is missing).
int cuda_device_count();

}  // namespace livedream::render
