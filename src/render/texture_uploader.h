// Getting a new dream frame into the GL texture: one interface, two paths chosen at run time
// (the render-backend seam). The CPU path streams host pixels through a pixel buffer object; the
// CUDA path copies device memory into the texture's mapped array without touching the host.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/rgba_frame.h"
#include "render/gl_texture.h"

namespace livedream::render {

// The frame type is core's (core/rgba_frame.h): the same one the session publishes and the
// recorder queues. Device frames carry their CUDA stream; the interop copy is ordered after it.
using livedream::RgbaFrame;

struct UploadResult {
  bool ok = true;
  std::string error;  // one line for the UI when !ok
  static UploadResult failure(std::string message) { return {false, std::move(message)}; }
};

class TextureUploader {
 public:
  virtual ~TextureUploader() = default;
  virtual const char* name() const = 0;          // "cpu-pbo" or "cuda-gl-interop"
  virtual bool takes_device_frames() const = 0;  // whether upload() wants on_device frames
  // Copies `frame` into `texture`, reallocating the texture when the size changed. Never throws
  // for a bad frame or an unavailable path: returns the reason, and the caller falls back.
  virtual UploadResult upload(const RgbaFrame& frame, GlTexture& texture) = 0;
  // Drops any hold this path has on the texture (the CUDA registration) before another path
  // reallocates or deletes it: a texture deleted while registered with CUDA is undefined behaviour.
  virtual void forget_texture() {}
};

// The CPU path (always available with a GL context current).
std::unique_ptr<TextureUploader> make_pbo_uploader();

// The CUDA-GL interop path. Returns nullptr with the reason in *why_not when this build has no
// CUDA or no CUDA device is present. Registration failures show up later as upload() errors.
std::unique_ptr<TextureUploader> make_cuda_gl_uploader(std::string* why_not);
bool cuda_gl_interop_compiled();

}  // namespace livedream::render
