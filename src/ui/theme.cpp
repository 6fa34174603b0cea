#include "ui/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace livedream::ui {

ImVec4 accent_color() { return ImVec4(0.66f, 0.55f, 1.00f, 1.0f); }
ImVec4 warning_color() { return ImVec4(1.00f, 0.78f, 0.35f, 1.0f); }
ImVec4 error_color() { return ImVec4(1.00f, 0.45f, 0.45f, 1.0f); }
ImVec4 dim_text_color() { return ImVec4(0.60f, 0.60f, 0.66f, 1.0f); }

float stepped_ui_scale(float scale, int steps) {
  return std::clamp(scale * std::pow(kUiScaleStep, static_cast<float>(steps)), kMinUiScale, kMaxUiScale);
}

void apply_theme(float content_scale, float ui_scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);
  style.FontSizeBase = 15.0f;
  style.FontScaleDpi = content_scale;
  style.FontScaleMain = ui_scale;
  const float scale = content_scale * ui_scale;
  style.WindowPadding = ImVec2(10, 10);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.IndentSpacing = 14;
  style.ScrollbarSize = 12;
  style.GrabMinSize = 6;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 0;
  style.PopupBorderSize = 1;
  style.WindowRounding = 6;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 3;
  style.TabRounding = 4;
  style.WindowTitleAlign = ImVec2(0.02f, 0.5f);

  ImVec4* c = style.Colors;
  const ImVec4 bg(0.085f, 0.085f, 0.105f, 0.97f);
  const ImVec4 panel(0.125f, 0.125f, 0.155f, 1.0f);
  const ImVec4 frame(0.17f, 0.17f, 0.215f, 1.0f);
  const ImVec4 frame_hover(0.23f, 0.22f, 0.30f, 1.0f);
  const ImVec4 accent(0.49f, 0.39f, 0.90f, 1.0f);
  const ImVec4 accent_hi(0.60f, 0.50f, 1.00f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.91f, 0.91f, 0.94f, 1.0f);
  c[ImGuiCol_TextDisabled] = dim_text_color();
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.10f, 0.13f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.25f, 0.24f, 0.32f, 0.6f);
  c[ImGuiCol_FrameBg] = frame;
  c[ImGuiCol_FrameBgHovered] = frame_hover;
  c[ImGuiCol_FrameBgActive] = ImVec4(0.28f, 0.25f, 0.40f, 1.0f);
  c[ImGuiCol_TitleBg] = panel;
  c[ImGuiCol_TitleBgActive] = panel;
  c[ImGuiCol_MenuBarBg] = ImVec4(0.07f, 0.07f, 0.09f, 1.0f);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_CheckMark] = accent_hi;
  // ImGui draws a slider's number over its grab: a narrow, translucent grab keeps it readable.
  c[ImGuiCol_SliderGrab] = ImVec4(accent.x, accent.y, accent.z, 0.45f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(accent_hi.x, accent_hi.y, accent_hi.z, 0.65f);
  c[ImGuiCol_Button] = ImVec4(0.22f, 0.20f, 0.32f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.36f, 0.30f, 0.58f, 1.0f);
  c[ImGuiCol_ButtonActive] = accent;
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.19f, 0.27f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.30f, 0.27f, 0.44f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.36f, 0.30f, 0.58f, 1.0f);
  c[ImGuiCol_Separator] = ImVec4(0.25f, 0.24f, 0.32f, 0.8f);
  c[ImGuiCol_ResizeGrip] = ImVec4(0.49f, 0.39f, 0.90f, 0.20f);
  c[ImGuiCol_ResizeGripHovered] = ImVec4(0.49f, 0.39f, 0.90f, 0.60f);
  c[ImGuiCol_ResizeGripActive] = accent;
  c[ImGuiCol_PlotLines] = accent_hi;
  c[ImGuiCol_PlotLinesHovered] = ImVec4(1.0f, 0.75f, 0.45f, 1.0f);
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_Tab] = ImVec4(0.15f, 0.14f, 0.20f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.36f, 0.30f, 0.58f, 1.0f);
  c[ImGuiCol_TabSelected] = ImVec4(0.30f, 0.25f, 0.48f, 1.0f);
  c[ImGuiCol_TabDimmed] = ImVec4(0.15f, 0.14f, 0.20f, 1.0f);
  c[ImGuiCol_TabDimmedSelected] = ImVec4(0.26f, 0.22f, 0.40f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = panel;
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);
  c[ImGuiCol_TextSelectedBg] = ImVec4(0.49f, 0.39f, 0.90f, 0.35f);
  c[ImGuiCol_NavCursor] = accent_hi;
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
  style.ScaleAllSizes(scale);
}

}  // namespace livedream::ui
