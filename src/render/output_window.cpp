#include "render/output_window.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "render/dream_shader.h"
#include "render/readback.h"

namespace livedream::render {

std::optional<OutputFit> parse_output_fit(std::string_view text) {
  if (text == "fit") return OutputFit::Fit;
  if (text == "fill") return OutputFit::Fill;
  if (text == "stretch") return OutputFit::Stretch;
  return std::nullopt;
}

const char* to_string(OutputFit fit) {
  switch (fit) {
    case OutputFit::Fit: return "fit";
    case OutputFit::Fill: return "fill";
    case OutputFit::Stretch: return "stretch";
  }
  return "fit";
}

PixelRect fitted_rect(int image_w, int image_h, Size size, OutputFit fit) {
  const float w = static_cast<float>(size.width), h = static_cast<float>(size.height);
  if (image_w <= 0 || image_h <= 0 || fit == OutputFit::Stretch) return {0, 0, w, h};
  const float sx = w / static_cast<float>(image_w), sy = h / static_cast<float>(image_h);
  const float scale = fit == OutputFit::Fit ? std::min(sx, sy) : std::max(sx, sy);
  const float rw = std::round(static_cast<float>(image_w) * scale), rh = std::round(static_cast<float>(image_h) * scale);
  return {std::round((w - rw) * 0.5f), std::round((h - rh) * 0.5f), rw, rh};
}

std::vector<MonitorInfo> list_monitors() {
  if (!glfwInit())  // already initialised by a window: a no-op
    throw runtime_error("no display to list monitors on", "run it in the desktop session (DISPLAY or WAYLAND_DISPLAY set)");
  std::vector<MonitorInfo> out;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    MonitorInfo m;
    m.number = i + 1;
    const char* name = glfwGetMonitorName(monitors[i]);
    m.name = name ? name : "?";
    glfwGetMonitorPos(monitors[i], &m.x, &m.y);
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitors[i])) {
      m.width = mode->width;
      m.height = mode->height;
      m.refresh_hz = mode->refreshRate;
    }
    out.push_back(m);
  }
  return out;
}

OutputWindow::OutputWindow(GLFWwindow* main, int display, OutputFit fit, int width, int height, const std::string& shaders_dir,
                           std::string* note)
    : main_(main), fit_(fit) {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  if (display < 0 || display > count)
    throw usage_error("--output-display " + std::to_string(display) + ": there " +
                          (count == 1 ? "is 1 monitor" : "are " + std::to_string(count) + " monitors"),
                      "`livedream monitors` lists them, numbered from 1");
  bool go_fullscreen = false;
  if (display > 0) {
    monitor_ = monitors[display - 1];
    if (count == 1) {
      if (note)
        *note = "the output stays a window: fullscreen on the only monitor would cover the controls (F11 in it makes it fullscreen anyway)";
    } else {
      go_fullscreen = true;
    }
  }
  // The main window's kind of context, sharing its objects (the dream texture, the shaders).
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
  glfwWindowHint(GLFW_MAXIMIZED, GLFW_FALSE);
  window_ = glfwCreateWindow(std::max(64, width), std::max(64, height), "livedream output", nullptr, main);
  if (!window_) throw runtime_error("cannot open the output window", "run without --output-window; the main window shows the dream");
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, &OutputWindow::on_key);
  glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // nothing but the dream
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(0);  // the main window's swap paces the frame; two waits would halve it
  try {
    shader_ = std::make_unique<DreamShader>(shaders_dir);  // its own VAO: those are not shared
  } catch (...) {
    glfwMakeContextCurrent(main_);
    glfwDestroyWindow(window_);
    throw;
  }
  glfwMakeContextCurrent(main_);
  if (go_fullscreen) set_fullscreen(true);
}

OutputWindow::~OutputWindow() {
  if (!window_) return;
  glfwMakeContextCurrent(window_);
  shader_.reset();
  glfwMakeContextCurrent(main_);
  glfwDestroyWindow(window_);
}

bool OutputWindow::closed() const { return glfwWindowShouldClose(window_); }

void OutputWindow::on_key(GLFWwindow* window, int key, int, int action, int) {
  auto* self = static_cast<OutputWindow*>(glfwGetWindowUserPointer(window));
  if (self && key == GLFW_KEY_F11 && action == GLFW_PRESS) self->toggle_requested_ = true;
}

void OutputWindow::set_fullscreen(bool on) {
  if (on == fullscreen_) return;
  if (on) {
    glfwGetWindowPos(window_, &windowed_x_, &windowed_y_);
    glfwGetWindowSize(window_, &windowed_w_, &windowed_h_);
    GLFWmonitor* monitor = monitor_ ? monitor_ : glfwGetPrimaryMonitor();
    if (!monitor) return;
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (!mode) return;
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);  // the monitor's own mode
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_x_, windowed_y_, windowed_w_, windowed_h_, 0);
  }
  fullscreen_ = on;
}

void OutputWindow::show(const GlTexture& texture, int64_t generation, RgbaFrame* capture) {
  if (toggle_requested_) {
    toggle_requested_ = false;
    set_fullscreen(!fullscreen_);
  }
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  const Size size{w, h};
  if (generation == shown_generation_ && size == shown_size_ && !capture) return;  // it shows this already
  shown_generation_ = generation;
  shown_size_ = size;
  const double now = glfwGetTime();
  if (last_show_s_ > 0) {
    const double ms = (now - last_show_s_) * 1000.0;
    frame_ms_ = frame_ms_ == 0 ? ms : frame_ms_ * 0.9 + ms * 0.1;
  }
  last_show_s_ = now;
  glfwMakeContextCurrent(window_);
  glViewport(0, 0, w, h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!texture.empty() && w > 0 && h > 0)
    shader_->draw(texture, fitted_rect(texture.width(), texture.height(), size, fit_), PixelRect{0, 0, float(w), float(h)}, size);
  glDisable(GL_SCISSOR_TEST);
  if (capture) *capture = read_window_pixels(size);
  glfwSwapBuffers(window_);
  glfwMakeContextCurrent(main_);
}

}  // namespace livedream::render
