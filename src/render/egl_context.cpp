#include "render/egl_context.h"

#include <glad/egl.h>
#include <glad/gl.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "render/gl_debug.h"

namespace livedream::render {
namespace {

// The context current on this thread (GL contexts are per thread), for window_framebuffer().
thread_local const EglContext* t_current = nullptr;

const char* kFix =
    "headless OpenGL needs libEGL with a GPU driver (NVIDIA) or Mesa's EGL (Debian: libegl1 libegl-mesa0); "
    "unset LIVEDREAM_GL_CONTEXT to use a window";

Error egl_error(const std::string& problem) { return runtime_error(problem, kFix); }

std::string egl_error_name(EGLint code) {
  switch (code) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    default: return "EGL error " + std::to_string(code);
  }
}

// One EGL display that gave a GL 3.3 core context, or the reason it did not.
struct Attempt {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLSurface surface = EGL_NO_SURFACE;
  std::string error;
};

Attempt try_display(EGLDisplay display, bool debug) {
  Attempt a;
  if (display == EGL_NO_DISPLAY) {
    a.error = "no display (" + egl_error_name(eglGetError()) + ")";
    return a;
  }
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) {
    a.error = "eglInitialize failed (" + egl_error_name(eglGetError()) + ")";
    return a;
  }
  // Reload with the display: its extensions (surfaceless contexts) are known only now.
  gladLoaderLoadEGL(display);
  auto fail = [&](const std::string& why) {
    a.error = why + " (" + egl_error_name(eglGetError()) + ")";
    eglTerminate(display);
    return a;
  };
  if (!eglBindAPI(EGL_OPENGL_API)) return fail("desktop OpenGL is not offered");
  const bool surfaceless = GLAD_EGL_KHR_surfaceless_context != 0;
  // The surface type defaults to windows, which headless displays have none of: ask for pbuffers,
  // or for nothing where contexts need no surface at all.
  const EGLint config_attribs[] = {EGL_SURFACE_TYPE,
                                   surfaceless ? 0 : EGL_PBUFFER_BIT,
                                   EGL_RENDERABLE_TYPE,
                                   EGL_OPENGL_BIT,
                                   EGL_RED_SIZE,
                                   8,
                                   EGL_GREEN_SIZE,
                                   8,
                                   EGL_BLUE_SIZE,
                                   8,
                                   EGL_ALPHA_SIZE,
                                   8,
                                   EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (!eglChooseConfig(display, config_attribs, &config, 1, &count) || count < 1) return fail("no RGBA8 OpenGL configuration");
  const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION,
                                    3,
                                    EGL_CONTEXT_MINOR_VERSION,
                                    3,
                                    EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                    EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                    EGL_CONTEXT_OPENGL_DEBUG,
                                    debug ? EGL_TRUE : EGL_FALSE,
                                    EGL_NONE};
  a.context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attribs);
  if (a.context == EGL_NO_CONTEXT) return fail("no OpenGL 3.3 core context");
  if (!surfaceless) {
    const EGLint pbuffer_attribs[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
    a.surface = eglCreatePbufferSurface(display, config, pbuffer_attribs);
    if (a.surface == EGL_NO_SURFACE) {
      eglDestroyContext(display, a.context);
      return fail("no pbuffer surface");
    }
  }
  if (!eglMakeCurrent(display, a.surface, a.surface, a.context)) {
    if (a.surface != EGL_NO_SURFACE) eglDestroySurface(display, a.surface);
    eglDestroyContext(display, a.context);
    return fail("the context could not be made current");
  }
  a.display = display;
  return a;
}

}  // namespace

EglPlatform parse_egl_platform(const std::string& text) {
  if (text.empty() || text == "auto") return EglPlatform::Auto;
  if (text == "device") return EglPlatform::Device;
  if (text == "surfaceless") return EglPlatform::Surfaceless;
  throw usage_error("unknown EGL platform '" + text + "'", "use auto, device or surfaceless");
}

EglContext::EglContext(const EglContextConfig& config) {
  // Without a display glad opens libEGL and loads the client extensions (platforms, devices).
  if (!gladLoaderLoadEGL(EGL_NO_DISPLAY)) throw egl_error("cannot load libEGL.so.1 for a headless OpenGL context");
  std::vector<std::string> tried;
  Attempt got;
  if (config.platform != EglPlatform::Surfaceless) {
    if (!GLAD_EGL_EXT_platform_device || !GLAD_EGL_EXT_device_enumeration) {
      tried.push_back("device platform: not offered by this libEGL");
    } else {
      EGLint count = 0;
      eglQueryDevicesEXT(0, nullptr, &count);
      std::vector<EGLDeviceEXT> devices(static_cast<size_t>(count > 0 ? count : 0));
      if (count > 0) eglQueryDevicesEXT(count, devices.data(), &count);
      if (count <= 0) tried.push_back("device platform: no EGL devices");
      for (EGLint i = 0; i < count && got.display == EGL_NO_DISPLAY; ++i) {
        Attempt a = try_display(eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[size_t(i)], nullptr), config.debug_context);
        const char* extensions = GLAD_EGL_EXT_device_query ? eglQueryDeviceStringEXT(devices[size_t(i)], EGL_EXTENSIONS) : nullptr;
        const std::string name = "device " + std::to_string(i) + " of " + std::to_string(count) +
                                 (extensions && *extensions ? " (" + std::string(extensions) + ")" : std::string());
        if (a.display != EGL_NO_DISPLAY) {
          got = a;
          description_ = name;
        } else {
          tried.push_back(name + ": " + a.error);
        }
      }
    }
  }
  if (got.display == EGL_NO_DISPLAY && config.platform != EglPlatform::Device) {
    if (!GLAD_EGL_MESA_platform_surfaceless || !GLAD_EGL_EXT_platform_base) {
      tried.push_back("surfaceless platform: not offered by this libEGL");
    } else {
      Attempt a = try_display(eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr), config.debug_context);
      if (a.display != EGL_NO_DISPLAY) {
        got = a;
        description_ = "surfaceless";
      } else {
        tried.push_back("surfaceless platform: " + a.error);
      }
    }
  }
  if (got.display == EGL_NO_DISPLAY) {
    std::string all;
    for (const auto& t : tried) all += (all.empty() ? "" : "; ") + t;
    throw egl_error("no headless OpenGL 3.3 context through EGL: " + all);
  }
  display_ = got.display;
  context_ = got.context;
  surface_ = got.surface;
  try {
    const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress));
    if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33)
      throw egl_error("OpenGL 3.3 functions could not be loaded through EGL");
    const auto* ver = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    const auto* ren = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    gl_version_ = ver ? ver : "?";
    gl_renderer_ = ren ? ren : "?";
    if (config.debug_context) enable_gl_debug_output();
    size_ = {config.width > 0 ? config.width : 1, config.height > 0 ? config.height : 1};
    create_framebuffer();
  } catch (...) {
    release();  // a throwing constructor runs no destructor
    throw;
  }
  t_current = this;
}

void EglContext::create_framebuffer() {
  glGenFramebuffers(1, &framebuffer_);
  glGenRenderbuffers(1, &colour_);
  resize(size_.width, size_.height);
}

void EglContext::resize(int width, int height) {
  size_ = {width > 0 ? width : 1, height > 0 ? height : 1};
  glBindRenderbuffer(GL_RENDERBUFFER, colour_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, size_.width, size_.height);
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw egl_error("the headless framebuffer (" + std::to_string(size_.width) + "x" + std::to_string(size_.height) +
                    ") is incomplete: status " + std::to_string(status));
  glDrawBuffer(GL_COLOR_ATTACHMENT0);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glViewport(0, 0, size_.width, size_.height);
  gl_check("creating the headless framebuffer");
}

EglContext::~EglContext() { release(); }

void EglContext::release() {
  if (!display_) return;
  if (t_current == this) t_current = nullptr;
  if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
  if (colour_) glDeleteRenderbuffers(1, &colour_);
  framebuffer_ = colour_ = 0;
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (surface_) eglDestroySurface(display_, surface_);
  eglDestroyContext(display_, context_);
  eglTerminate(display_);
  display_ = context_ = surface_ = nullptr;
}

unsigned window_framebuffer() { return t_current ? t_current->framebuffer() : 0u; }

Size headless_framebuffer_size() { return t_current ? t_current->size() : Size{}; }

}  // namespace livedream::render
