#include <imgui.h>

#include "ui/keymap.h"
#include "ui/panels.h"
#include "ui/theme.h"

namespace livedream::ui {

void draw_help_overlay(bool* open) {
  if (!*open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.94f);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("Keys and mouse", open, flags)) {
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& b : key_bindings()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(accent_color(), "%s", b.key_name);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(b.description);
      }
      const char* mouse[][2] = {
          {"Wheel", "Zoom the view at the cursor (view only)"},
          {"Drag", "Pan the view"},
          {"Double-click", "Fit the view again"},
          {"Ctrl+click", "Dream on the neuron there (the first layer's point, marked by a ring)"},
          {"Drop a file", "Image: dream on it; .json: load a preset; .pt: load a model"},
      };
      for (const auto& m : mouse) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(accent_color(), "%s", m[0]);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(m[1]);
      }
      ImGui::EndTable();
    }
    ImGui::TextColored(dim_text_color(), "Sliders: Ctrl+click to type a value");
  }
  ImGui::End();
}

}  // namespace livedream::ui
