// A headless OpenGL 3.3 core context through EGL: no window, no X server. On an NVIDIA GPU the EGL
// device platform is the only way to get NVIDIA's GL driver without a display (Xvfb's GL is Mesa,
// which CUDA cannot share buffers with), so this is the context CUDA-GL interop runs on in
// headless checks (scripts/gpu-check). Elsewhere Mesa's device or surfaceless platform serves
// (llvmpipe in CI), which tests the same code path.
//
// It draws into a framebuffer object of the asked size, bound as both the draw and the read
// framebuffer, so code written for a window's default framebuffer (glClear, draws, glReadPixels)
// runs unchanged. Construction is a setup boundary: every failure throws one livedream::Error.
#pragma once
#include <string>

#include "render/window.h"

namespace livedream::render {

enum class EglPlatform {
  Auto,         // the device platform (each device in turn), then Mesa's surfaceless one
  Device,       // EGL_EXT_platform_device: NVIDIA's headless path (Mesa offers it too)
  Surfaceless,  // EGL_MESA_platform_surfaceless
};

// "auto", "device", "surfaceless"; anything else is a usage error naming the choices.
EglPlatform parse_egl_platform(const std::string& text);

struct EglContextConfig {
  int width = 1280;
  int height = 800;
  bool debug_context = false;
  EglPlatform platform = EglPlatform::Auto;
};

class EglContext {
 public:
  explicit EglContext(const EglContextConfig& config);
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  Size size() const { return size_; }
  void resize(int width, int height);  // reallocates the framebuffer's colour buffer
  unsigned framebuffer() const { return framebuffer_; }

  // "device 0 of 2 (EGL_NV_device_cuda ...)" or "surfaceless": which EGL display was used, for reports.
  const std::string& description() const { return description_; }
  const std::string& gl_version() const { return gl_version_; }
  const std::string& gl_renderer() const { return gl_renderer_; }

 private:
  void create_framebuffer();
  void release();
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
  void* surface_ = nullptr;  // EGLSurface: a 1x1 pbuffer where surfaceless contexts are not offered
  unsigned framebuffer_ = 0, colour_ = 0;
  Size size_;
  std::string description_, gl_version_, gl_renderer_;
};

// The framebuffer that stands for "the window" on this thread: the current EglContext's, else 0
// (a GLFW window's default framebuffer). Readbacks of the window and the UI's display size use it.
unsigned window_framebuffer();
// The size of the current EglContext's framebuffer on this thread; {0, 0} without one.
Size headless_framebuffer_size();

}  // namespace livedream::render
