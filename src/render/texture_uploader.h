// Getting a new dream frame into the GL texture: one interface, two paths chosen at run time
// (the render-backend seam). The CPU path streams host pixels through a pixel buffer object; the
// CUDA path copies device memory into the texture's mapped array without touching the host.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "render/gl_texture.h"

namespace livedream::render {

// One frame: (height, width, 4) uint8 RGBA, rows top first, `pitch` bytes apart.
struct RgbaFrame {
  int width = 0, height = 0;
  const uint8_t* data = nullptr;
  size_t pitch = 0;           // 0: tightly packed (width * 4)
  bool on_device = false;     // a CUDA device pointer (interop path) or host memory (CPU path)
  void* cuda_stream = nullptr;  // the stream that produced a device frame; nullptr: the legacy default stream
  int cuda_device = 0;          // the device that holds a device frame
  size_t row_bytes() const { return pitch ? pitch : static_cast<size_t>(width) * 4; }
};

struct UploadResult {
  bool ok = true;
  std::string error;  // one line for the UI when !ok
  static UploadResult failure(std::string message) { return {false, std::move(message)}; }
};

class TextureUploader {
 public:
  virtual ~TextureUploader() = default;
  virtual const char* name() const = 0;            // "cpu-pbo" or "cuda-gl-interop"
  virtual bool takes_device_frames() const = 0;    // whether upload() wants on_device frames
  // Copies `frame` into `texture`, reallocating the texture when the size changed. Never throws
  // for a bad frame or an unavailable path: returns the reason, and the caller falls back.
  virtual UploadResult upload(const RgbaFrame& frame, GlTexture& texture) = 0;
};

// The CPU path (always available with a GL context current).
std::unique_ptr<TextureUploader> make_pbo_uploader();

// The CUDA-GL interop path. Returns nullptr with the reason in *why_not when this build has no
// CUDA or no CUDA device is present. Registration failures show up later as upload() errors.
std::unique_ptr<TextureUploader> make_cuda_gl_uploader(std::string* why_not);
bool cuda_gl_interop_compiled();

}  // namespace livedream::render
