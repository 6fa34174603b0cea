#include "ui/dock_layout.h"

#include <imgui_internal.h>  // DockBuilder: the default layout is built with ImGui's internal API

#include <algorithm>

namespace livedream::ui {
namespace {

// Today's side panel as docked windows: a column at the left, Playback at its top, the
// sections as tabs below it with Dream in front; the rest is the central node, left empty for the
// dream (a passthru node: the dream area's clicks and drags go through it).
void build_default_layout(ImGuiID dockspace, const ImGuiViewport* viewport, float panel_width) {
  ImGui::DockBuilderRemoveNode(dockspace);
  ImGui::DockBuilderAddNode(dockspace, ImGuiDockNodeFlags_DockSpace);
  ImGui::DockBuilderSetNodeSize(dockspace, viewport->WorkSize);
  const float ratio = std::clamp(panel_width / std::max(1.0f, viewport->WorkSize.x), 0.05f, 0.6f);
  ImGuiID central = 0;
  const ImGuiID column = ImGui::DockBuilderSplitNode(dockspace, ImGuiDir_Left, ratio, nullptr, &central);
  ImGuiID sections = 0;
  // The playback controls are two rows of buttons.
  const float playback_height = ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetStyle().WindowPadding.y * 2.0f + 4.0f;
  const float playback_ratio = std::clamp(playback_height / std::max(1.0f, viewport->WorkSize.y), 0.08f, 0.4f);
  const ImGuiID playback = ImGui::DockBuilderSplitNode(column, ImGuiDir_Up, playback_ratio, nullptr, &sections);
  // One window there, shown as today without a tab over it (its node's menu still undocks it).
  ImGui::DockBuilderGetNode(playback)->LocalFlags |= ImGuiDockNodeFlags_AutoHideTabBar;
  ImGui::DockBuilderDockWindow(kPlaybackWindow, playback);
  ImGui::DockBuilderDockWindow(kDreamWindow, sections);
  ImGui::DockBuilderDockWindow(kInputWindow, sections);
  ImGui::DockBuilderDockWindow(kPerformanceWindow, sections);
  ImGui::DockBuilderDockWindow(kOutputWindow, sections);
  ImGui::DockBuilderDockWindow(kControlWindow, sections);
  ImGui::DockBuilderFinish(dockspace);
}

}  // namespace

DockedArea dock_panels(const ImGuiViewport* viewport, float panel_width, bool reset) {
  const ImGuiID dockspace = ImGui::GetID("livedream dockspace");
  const bool build = reset || ImGui::DockBuilderGetNode(dockspace) == nullptr;
  if (build) build_default_layout(dockspace, viewport, panel_width);
  ImGui::DockSpaceOverViewport(dockspace, viewport, ImGuiDockNodeFlags_PassthruCentralNode);
  const ImGuiDockNode* central = ImGui::DockBuilderGetCentralNode(dockspace);
  // The very first frame lays the nodes out only as it ends: the work area until then.
  if (!central || central->Size.x <= 0 || central->Size.y <= 0)
    return {{viewport->WorkPos.x, viewport->WorkPos.y, viewport->WorkSize.x, viewport->WorkSize.y}, build};
  return {{central->Pos.x, central->Pos.y, central->Size.x, central->Size.y}, build};
}

bool bring_tab_to_front(const char* window) {
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  if (!w || !w->DockNode) return false;
  ImGuiDockNode* node = w->DockNode;
  if (node->TabBar && node->TabBar->SelectedTabId == w->TabId) return true;  // it is
  node->SelectedTabId = w->TabId;
  if (node->TabBar) node->TabBar->NextSelectedTabId = w->TabId;
  return false;
}

}  // namespace livedream::ui
