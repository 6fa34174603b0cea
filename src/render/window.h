// The application window: GLFW with an OpenGL 3.3 core context loaded through glad.
// Construction is a setup boundary: every failure (no display, no GL 3.3) throws one
// livedream::Error that names the problem and suggests `livedream dream` for headless use.
//
// Headless: with LIVEDREAM_GL_CONTEXT=egl (or egl-device, egl-surfaceless) in the environment, or
// `headless_egl` set, there is no GLFW window but an EglContext (render/egl_context.h) and its
// framebuffer object of the window's size: scripted viewer runs then work without an X server, and
// on an NVIDIA GPU on NVIDIA's GL, where CUDA-GL interop works (scripts/gpu-check). No input, no
// swap (a frame ends with glFlush), never closes by itself.
#pragma once
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;

namespace livedream::render {

struct WindowConfig {
  int width = 1280;
  int height = 800;
  std::string title = "livedream";
  bool vsync = true;
  bool visible = true;
  bool debug_context = false;  // KHR_debug messages (see gl_debug.h)
  bool maximized = false;
  bool headless_egl = false;  // also when LIVEDREAM_GL_CONTEXT says egl*
};

struct Size {
  int width = 0, height = 0;
  bool operator==(const Size&) const = default;
};

class EglContext;

class Window {
 public:
  explicit Window(const WindowConfig& config);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_; }  // nullptr when headless
  bool headless() const { return egl_ != nullptr; }
  bool should_close() const;
  void request_close();
  void poll_events();
  void swap_buffers();

  Size framebuffer_size() const;
  Size window_size() const;
  void set_window_size(int width, int height);
  float content_scale() const;  // 1 on a standard-density monitor
  double refresh_rate() const;  // of the monitor the window is on; 60 when unknown

  void set_fullscreen(bool on);
  bool fullscreen() const { return fullscreen_; }
  void set_vsync(bool on);
  bool vsync() const { return vsync_; }

  // Paths dropped onto the window since the last call (drag & drop).
  std::vector<std::string> take_dropped_paths();

  const std::string& gl_version() const { return gl_version_; }
  const std::string& gl_renderer() const { return gl_renderer_; }
  // "glfw" or "egl: <the EGL display used>".
  const std::string& context_kind() const { return context_kind_; }

 private:
  void open_headless(const WindowConfig& config, const std::string& platform);
  static void on_drop(GLFWwindow* window, int count, const char** paths);
  GLFWwindow* window_ = nullptr;
  std::unique_ptr<EglContext> egl_;
  bool close_requested_ = false;  // headless: request_close() only
  bool vsync_ = true;
  bool fullscreen_ = false;
  int windowed_x_ = 0, windowed_y_ = 0, windowed_w_ = 0, windowed_h_ = 0;
  std::vector<std::string> dropped_;
  std::string gl_version_, gl_renderer_, context_kind_ = "glfw";
};

// The last message GLFW reported (empty if none), for error texts.
std::string last_glfw_error();

}  // namespace livedream::render
