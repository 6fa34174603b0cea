#include "ui/imgui_layer.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <filesystem>

#include "core/error.h"
#include "ui/theme.h"

namespace livedream::ui {

std::string load_ui_font(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  const char* candidates[] = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/TTF/DejaVuSans.ttf",
      "/usr/share/fonts/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
      "/usr/share/fonts/noto/NotoSans-Regular.ttf",
      "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  };
  std::error_code ec;
  for (const char* path : candidates) {
    if (!std::filesystem::exists(path, ec)) continue;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x21FF, 0x2300, 0x23FF, 0x25A0, 0x25FF, 0};
    if (io.Fonts->AddFontFromFileTTF(path, 15.0f * scale, &config, ranges))
      return std::filesystem::path(path).stem().string();
  }
  ImFontConfig config;
  config.SizePixels = 13.0f * scale;
  io.Fonts->AddFontDefault(&config);
  return "ProggyClean (built in)";
}

ImGuiLayer::ImGuiLayer(GLFWwindow* window, const std::string& ini_path, float scale)
    : ini_path_(ini_path) {
  if (scale <= 0.0f) scale = 1.0f;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  load_ui_font(scale);
  apply_theme(scale);
  if (!ImGui_ImplGlfw_InitForOpenGL(window, true) || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
    ImGui::DestroyContext();
    throw runtime_error("the user interface could not start on this OpenGL context",
                        "use `livedream dream` to dream without a window");
  }
}

ImGuiLayer::~ImGuiLayer() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();  // writes the ini file
}

void ImGuiLayer::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void ImGuiLayer::end_frame() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void ImGuiLayer::save_layout() {
  if (!ini_path_.empty()) ImGui::SaveIniSettingsToDisk(ini_path_.c_str());
}


}  // namespace livedream::ui
