#include "render/output_window.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "render/output_painter.h"

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
  try {
    painter_ = std::make_unique<OutputPainter>(window_, shaders_dir);
  } catch (...) {
    glfwDestroyWindow(window_);
    throw;
  }
  if (go_fullscreen) set_fullscreen(true);
}

OutputWindow::~OutputWindow() {
  painter_.reset();  // its thread lets go of the window's context
  glfwDestroyWindow(window_);
}

double OutputWindow::frame_ms() const { return painter_->frame_ms(); }

void OutputWindow::before_texture_write() { painter_->before_texture_write(); }

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
  PaintJob job;
  job.framebuffer = size;
  if (!texture.empty()) {
    job.texture = texture.id();
    job.texture_w = texture.width();
    job.texture_h = texture.height();
    job.image = fitted_rect(texture.width(), texture.height(), size, fit_);
  }
  if (capture)
    *capture = painter_->paint_and_read(job);
  else
    painter_->paint(job);
}

}  // namespace livedream::render
