// A Dear ImGui context with no GPU behind it (the draw data is simply not rendered), so panels can
// be drawn, clicked and typed into by tests. One per test case; the context dies with the object.
#pragma once
#include <imgui.h>
#include <implot.h>

namespace livedream::test {

struct HeadlessImGui {
  explicit HeadlessImGui(ImVec2 display_size = ImVec2(1280, 800)) {
    ImGui::CreateContext();
    ImPlot::CreateContext();  // as the viewer's ImGuiLayer: the Performance panel plots
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display_size;
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_DockingEnable;  // as the viewer's ImGuiLayer
    // No renderer: ImGui keeps the font atlas's pixels itself and bakes glyphs as text asks
    // for them (no texture is ever uploaded).
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  }
  ~HeadlessImGui() {
    ImPlot::DestroyContext();
    ImGui::DestroyContext();
  }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

// Hovers `pos` for a frame, then presses and releases the left button over two more, and returns
// what the release frame handed out: ImGui reports a click on release, after a hover it has seen.
template <class Frame>
auto click_at(ImVec2 pos, Frame&& frame) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  frame();
  io.MouseDown[0] = true;
  frame();
  io.MouseDown[0] = false;
  return frame();
}

}  // namespace livedream::test
