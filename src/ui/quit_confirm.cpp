#include "ui/quit_confirm.h"

#include <imgui.h>

#include "ui/theme.h"

namespace livedream::ui {

bool QuitConfirm::quit_requested(const ViewerUiState& state) {
  if (open_ || state.dream_seconds < kAskAfterSeconds) {
    open_ = false;
    return true;
  }
  open_ = true;
  return false;
}

void QuitConfirm::draw(const ViewerUiState& state, UiRequests& requests) {
  if (!open_) return;
  if (ImGui::IsKeyPressed(ImGuiKey_Enter, false)) {
    open_ = false;
    requests.quit = true;
    return;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowFocus();
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("##quit_confirm", nullptr, flags)) {
    ImGui::TextColored(warning_color(), "Quit livedream?");
    ImGui::TextUnformatted("The dream itself is not saved (F12 saves it, F9 records it).");
    if (!state.last_capture.empty())
      ImGui::Text("Last capture: %s", state.last_capture.c_str());
    else
      ImGui::TextDisabled("Nothing was captured in this session.");
    ImGui::Spacing();
    if (ImGui::Button("Quit (Esc / Enter)")) {
      open_ = false;
      requests.quit = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep dreaming")) open_ = false;
    // A click anywhere else also keeps dreaming.
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem))
      open_ = false;
  }
  ImGui::End();
}

}  // namespace livedream::ui
