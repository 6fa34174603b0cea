#include "ui/imgui_layer.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <implot.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "render/egl_context.h"
#include "ui/theme.h"

namespace livedream::ui {

std::string load_ui_font() {
  ImGuiIO& io = ImGui::GetIO();
  const char* candidates[] = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
      "/usr/share/fonts/dejavu/DejaVuSans.ttf",          "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
      "/usr/share/fonts/noto/NotoSans-Regular.ttf",      "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  };
  std::error_code ec;
  for (const char* path : candidates) {
    if (!std::filesystem::exists(path, ec)) continue;
    // No glyph ranges: the renderer backend bakes the glyphs text asks for (1.92's dynamic fonts).
    if (io.Fonts->AddFontFromFileTTF(path, 15.0f)) return std::filesystem::path(path).stem().string();
  }
  io.Fonts->AddFontDefault();
  return "ProggyClean (built in)";
}

ImGuiLayer::ImGuiLayer(GLFWwindow* window, const std::string& ini_path, float scale) : ini_path_(ini_path), window_(window) {
  if (scale <= 0.0f) scale = 1.0f;
  content_scale_ = scale;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImPlot::CreateContext();  // the Performance panel's plots
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  // Every panel is a dockable window (ui/dock_layout.h); the layout is kept in the ini file.
  io.ConfigFlags |= ImGuiConfigFlags_DockingEnable;
  // A panel dragged out of the window becomes a window of its own (another monitor), and docks back.
  // Not headless: an EGL surface has no desktop to put windows on.
  if (window) io.ConfigFlags |= ImGuiConfigFlags_ViewportsEnable;
  load_ui_font();
  apply_theme(scale);
  // Keys reach ImGui as events through the GLFW backend's callbacks (ui/keymap.h reads them).
  // Headless (an EGL context, no GLFW window): no input backend; begin_frame() sets the size.
  const bool input_ok = !window || ImGui_ImplGlfw_InitForOpenGL(window, true);
  if (!input_ok || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
    ImPlot::DestroyContext();
    ImGui::DestroyContext();
    throw runtime_error("the user interface could not start on this OpenGL context", "use `livedream dream` to dream without a window");
  }
}

ImGuiLayer::~ImGuiLayer() {
  ImGui_ImplOpenGL3_Shutdown();
  if (window_) ImGui_ImplGlfw_Shutdown();
  ImPlot::DestroyContext();
  ImGui::DestroyContext();  // writes the ini file
}

void ImGuiLayer::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  if (window_) {
    ImGui_ImplGlfw_NewFrame();
  } else {
    // What the GLFW backend would set: the display's size and the time since the last frame.
    using Clock = std::chrono::steady_clock;
    static thread_local Clock::time_point last = Clock::now();
    const Clock::time_point now = Clock::now();
    ImGuiIO& io = ImGui::GetIO();
    const render::Size size = render::headless_framebuffer_size();
    io.DisplaySize = ImVec2(float(size.width), float(size.height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.DeltaTime = std::max(1e-4f, std::chrono::duration<float>(now - last).count());
    last = now;
  }
  ImGui::NewFrame();
}

void ImGuiLayer::end_frame() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (ImGui::GetIO().ConfigFlags & ImGuiConfigFlags_ViewportsEnable) {
    // Panels outside the main window: each its own GLFW window, drawn with the shared context;
    // the main window's context is current again afterwards (the caller reads and swaps it).
    GLFWwindow* current = glfwGetCurrentContext();
    ImGui::UpdatePlatformWindows();
    ImGui::RenderPlatformWindowsDefault();
    glfwMakeContextCurrent(current);
  }
}

void ImGuiLayer::set_ui_scale(float ui_scale) { apply_theme(content_scale_, stepped_ui_scale(ui_scale, 0)); }

void ImGuiLayer::save_layout() {
  if (!ini_path_.empty()) ImGui::SaveIniSettingsToDisk(ini_path_.c_str());
}

}  // namespace livedream::ui
