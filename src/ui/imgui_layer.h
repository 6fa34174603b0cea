// Dear ImGui on our GLFW window: context, GLFW + OpenGL3 backends, fonts, theme and the ini file
// that remembers the panel layout. One per window; frames are begin_frame() ... end_frame().
#pragma once
#include <string>

struct GLFWwindow;

namespace livedream::ui {

class ImGuiLayer {
 public:
  // `ini_path` empty: no layout file. `scale`: the monitor's content scale (1 on standard density).
  // `window` nullptr: a headless EGL window (render/egl_context.h), drawn without input.
  ImGuiLayer(GLFWwindow* window, const std::string& ini_path, float scale);
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  void begin_frame();
  void end_frame();  // renders the draw lists into the current framebuffer
  void save_layout();
  // The user's UI scale (1: the monitor's own; Ctrl + / Ctrl -): text and sizes follow at once.
  void set_ui_scale(float ui_scale);

 private:
  std::string ini_path_;
  GLFWwindow* window_ = nullptr;
  float content_scale_ = 1.0f;
};

// Loads a readable UI font (DejaVu Sans, Noto Sans or Liberation Sans, whichever the system has)
// into the current ImGui context, else keeps ImGui's built-in one. Returns the font's name. Its
// size is the theme's (apply_theme): 1.92's fonts render each size as it is asked for.
std::string load_ui_font();

}  // namespace livedream::ui
