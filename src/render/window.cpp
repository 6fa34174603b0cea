#include "render/window.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>
#include <mutex>

#include "core/error.h"
#include "render/egl_context.h"
#include "render/gl_debug.h"

namespace livedream::render {
namespace {

std::mutex g_error_mutex;
std::string g_last_error;

void glfw_error_callback(int code, const char* description) {
  std::lock_guard<std::mutex> lock(g_error_mutex);
  g_last_error = description ? description : ("GLFW error " + std::to_string(code));
}

const char* kHeadlessFix = "no display or no OpenGL 3.3 here: use `livedream dream` to dream without a window";

Error window_error(const std::string& problem) { return runtime_error(problem, kHeadlessFix); }

bool have_display() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 && *x11) || (wayland && *wayland);
}

// LIVEDREAM_GL_CONTEXT: empty or "window" for GLFW; "egl", "egl-device", "egl-surfaceless" headless.
// Returns whether to go headless and, if so, the EGL platform's name.
bool headless_from_environment(std::string* platform) {
  const char* value = std::getenv("LIVEDREAM_GL_CONTEXT");
  const std::string v = value ? value : "";
  if (v.empty() || v == "window") return false;
  if (v == "egl")
    *platform = "auto";
  else if (v == "egl-device")
    *platform = "device";
  else if (v == "egl-surfaceless")
    *platform = "surfaceless";
  else
    throw usage_error("LIVEDREAM_GL_CONTEXT=" + v + " is not a context kind",
                      "use window, egl, egl-device or egl-surfaceless (or unset it)");
  return true;
}

}  // namespace

std::string last_glfw_error() {
  std::lock_guard<std::mutex> lock(g_error_mutex);
  return g_last_error;
}

Window::Window(const WindowConfig& config) : vsync_(config.vsync) {
  std::string platform = "auto";
  if (headless_from_environment(&platform) || config.headless_egl) {
    open_headless(config, platform);
    return;
  }
  glfwSetErrorCallback(glfw_error_callback);
  if (!have_display()) throw window_error("cannot open a window: no display (DISPLAY is not set)");
  if (!glfwInit()) throw window_error("cannot open a window: " + last_glfw_error());

  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, config.debug_context ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_VISIBLE, config.visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_MAXIMIZED, config.maximized ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_SRGB_CAPABLE, GLFW_FALSE);
  window_ = glfwCreateWindow(config.width, config.height, config.title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string why = last_glfw_error();
    glfwTerminate();
    throw window_error("cannot create an OpenGL 3.3 core window: " + (why.empty() ? std::string("unknown GLFW error") : why));
  }
  glfwMakeContextCurrent(window_);
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress));
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw window_error("OpenGL 3.3 functions could not be loaded");
  }
  const auto* ver = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  const auto* ren = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  gl_version_ = ver ? ver : "?";
  gl_renderer_ = ren ? ren : "?";
  if (config.debug_context) enable_gl_debug_output();
  glfwSwapInterval(vsync_ ? 1 : 0);
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, &Window::on_drop);
}

void Window::open_headless(const WindowConfig& config, const std::string& platform) {
  EglContextConfig egl;
  egl.width = config.width;
  egl.height = config.height;
  egl.debug_context = config.debug_context;
  egl.platform = parse_egl_platform(platform);
  egl_ = std::make_unique<EglContext>(egl);
  gl_version_ = egl_->gl_version();
  gl_renderer_ = egl_->gl_renderer();
  context_kind_ = "egl: " + egl_->description();
}

Window::~Window() {
  if (egl_) return;  // the EglContext cleans up; GLFW was never started
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (!self) return;
  for (int i = 0; i < count; ++i)
    if (paths[i]) self->dropped_.emplace_back(paths[i]);
}

bool Window::should_close() const { return egl_ ? close_requested_ : glfwWindowShouldClose(window_); }

void Window::request_close() {
  if (egl_)
    close_requested_ = true;
  else
    glfwSetWindowShouldClose(window_, GLFW_TRUE);
}

void Window::poll_events() {
  if (!egl_) glfwPollEvents();
}

void Window::swap_buffers() {
  // Headless, nothing is shown: flushing hands the frame's commands to the GPU as a swap would.
  if (egl_)
    glFlush();
  else
    glfwSwapBuffers(window_);
}

Size Window::framebuffer_size() const {
  if (egl_) return egl_->size();
  Size s;
  glfwGetFramebufferSize(window_, &s.width, &s.height);
  return s;
}

Size Window::window_size() const {
  if (egl_) return egl_->size();
  Size s;
  glfwGetWindowSize(window_, &s.width, &s.height);
  return s;
}

void Window::set_window_size(int width, int height) {
  if (egl_)
    egl_->resize(width, height);
  else
    glfwSetWindowSize(window_, width, height);
}

float Window::content_scale() const {
  if (egl_) return 1.0f;
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.0f ? x : 1.0f;
}

double Window::refresh_rate() const {
  if (egl_) return 60.0;  // no monitor: the nominal rate the viewer paces itself to
  GLFWmonitor* monitor = glfwGetWindowMonitor(window_);
  if (!monitor) monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  return mode && mode->refreshRate > 0 ? mode->refreshRate : 60.0;
}

void Window::set_fullscreen(bool on) {
  if (on == fullscreen_ || egl_) return;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;  // nothing to go fullscreen on
    glfwGetWindowPos(window_, &windowed_x_, &windowed_y_);
    glfwGetWindowSize(window_, &windowed_w_, &windowed_h_);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_x_, windowed_y_, windowed_w_, windowed_h_, 0);
  }
  fullscreen_ = on;
  glfwSwapInterval(vsync_ ? 1 : 0);  // some platforms reset the interval with the mode
}

void Window::set_vsync(bool on) {
  vsync_ = on;
  if (!egl_) glfwSwapInterval(on ? 1 : 0);
}

std::vector<std::string> Window::take_dropped_paths() {
  std::vector<std::string> out;
  out.swap(dropped_);
  return out;
}

}  // namespace livedream::render
