// The panels as docked windows: the default layout, a layout the user changed kept through the ini
// text and restored in a new context (a restart), and View > Reset layout.
#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <string>

#include "support/headless_imgui.h"
#include "ui/dock_layout.h"
#include "ui/viewer_ui.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

struct Viewer {
  ViewerUi ui;
  ViewerUiState state;
  render::ViewState view;
  DreamParams params;
  render::PixelRect area;
  Viewer() { state.view = &view; }
  UiRequests frame(bool reset_layout = false) {
    ImGui::NewFrame();
    UiRequests requests;
    requests.reset_layout = reset_layout;  // as the View menu's item sets it, before the panels
    area = ui.draw(params, state, requests);
    ImGui::Render();
    return requests;
  }
};

ImGuiDockNode* node_of(const char* window) {
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  REQUIRE(w != nullptr);
  return w->DockNode;
}

}  // namespace

TEST_CASE("by default the panels are docked as the side panel was: Playback on top, the tabs below, the dream to the right") {
  test::HeadlessImGui imgui;
  Viewer v;
  v.frame();
  v.frame();
  ImGuiDockNode* playback = node_of(kPlaybackWindow);
  ImGuiDockNode* sections = node_of(kDreamWindow);
  REQUIRE(playback);
  REQUIRE(sections);
  CHECK(playback != sections);
  CHECK(node_of(kInputWindow) == sections);  // tabs of one node
  CHECK(node_of(kPerformanceWindow) == sections);
  CHECK(node_of(kOutputWindow) == sections);   // the live outputs' panel joined them (issue 26)
  CHECK(node_of(kControlWindow) == sections);  // and the MIDI controllers' (issue 26)
  CHECK(sections->Windows.Size == 5);
  CHECK(playback->Pos.y < sections->Pos.y);  // above
  CHECK(playback->Pos.x == Approx(sections->Pos.x));
  // The side column is 25 text heights wide; the dream area is what is right of it, below the menu.
  const float column = ImGui::GetFontSize() * 25.0f;
  CHECK(sections->Size.x == Approx(column).margin(2.0f));
  CHECK(v.area.x == Approx(sections->Pos.x + sections->Size.x).margin(3.0f));  // beyond the splitter
  CHECK(v.area.x + v.area.w == Approx(1280));
  CHECK(v.area.y == Approx(ImGui::GetMainViewport()->WorkPos.y));
  CHECK(v.area.y > 10);  // below the menu bar
  // Dream in front, as the first tab was.
  CHECK(sections->SelectedTabId == ImGui::FindWindowByName(kDreamWindow)->TabId);
}

TEST_CASE("a layout the user changed is kept in the ini text and comes back in a new context, and Reset layout undoes it") {
  std::string ini;
  float wide_column = 0;
  {
    test::HeadlessImGui imgui;
    Viewer v;
    v.frame();
    v.frame();
    // The user drags the column's edge to 500 px and docks Input beside Playback, out of the tabs.
    ImGuiDockNode* sections = node_of(kDreamWindow);
    ImGuiDockNode* column = sections->ParentNode;  // split into Playback and the tabs
    REQUIRE(column);
    ImGui::DockBuilderSetNodeSize(column->ID, ImVec2(500, column->Size.y));
    ImGui::DockBuilderDockWindow(kInputWindow, node_of(kPlaybackWindow)->ID);
    v.frame();
    v.frame();
    REQUIRE(node_of(kInputWindow) == node_of(kPlaybackWindow));
    wide_column = v.area.x;
    REQUIRE(wide_column > ImGui::GetFontSize() * 25.0f + 20.0f);
    ini = ImGui::SaveIniSettingsToMemory();
  }
  REQUIRE(ini.find("[Docking]") != std::string::npos);
  // A restart: a new context reads the text before its first frame, as it reads imgui.ini.
  test::HeadlessImGui imgui;
  ImGui::LoadIniSettingsFromMemory(ini.c_str(), ini.size());
  Viewer v;
  v.frame();
  v.frame();
  CHECK(node_of(kInputWindow) == node_of(kPlaybackWindow));
  CHECK(node_of(kDreamWindow) != node_of(kInputWindow));
  CHECK(v.area.x == Approx(wide_column).margin(1.0f));
  // View > Reset layout: the default again, the column as wide as the default.
  v.frame(/*reset_layout=*/true);
  v.frame();
  CHECK(node_of(kInputWindow) == node_of(kDreamWindow));
  CHECK(node_of(kPlaybackWindow) != node_of(kDreamWindow));
  CHECK(v.area.x == Approx(ImGui::GetFontSize() * 25.0f).margin(2.0f));
}

TEST_CASE("an imgui.ini from the version before docking loads: its side panel is ignored, the default layout shows") {
  // What livedream 2026-12 (Dear ImGui 1.86, one fixed window) wrote.
  const std::string old_ini =
      "[Window][Debug##Default]\nPos=60,60\nSize=400,400\nCollapsed=0\n\n"
      "[Window][Controls]\nPos=0,19\nSize=377,781\nCollapsed=0\n\n"
      "[Window][Help]\nPos=340,120\nSize=600,560\nCollapsed=0\n\n";
  test::HeadlessImGui imgui;
  ImGui::LoadIniSettingsFromMemory(old_ini.c_str(), old_ini.size());
  Viewer v;
  v.frame();
  v.frame();
  REQUIRE(node_of(kDreamWindow));
  CHECK(node_of(kInputWindow) == node_of(kDreamWindow));
  CHECK(v.area.x == Approx(ImGui::GetFontSize() * 25.0f).margin(2.0f));
}

TEST_CASE("panel_width from settings.json sets the default column's width") {
  test::HeadlessImGui imgui;
  Viewer v;
  v.ui.panel_width = 420;
  v.frame();
  v.frame();
  CHECK(v.area.x == Approx(420).margin(2.0f));
}
