// The channel atlas in the Layers section, driven headless: the search filter, and a click on a
// thumbnail asks for that channel the way the channel field does.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <vector>

#include "core/dream_params.h"
#include "support/catch.h"
#include "support/headless_imgui.h"
#include "ui/panels.h"

using namespace livedream;
using namespace livedream::ui;

namespace {

// The grid's layout below assumes a display of this size.
struct HeadlessImGui : test::HeadlessImGui {
  HeadlessImGui() : test::HeadlessImGui(ImVec2(800, 800)) {}
};

struct AtlasHarness {
  AtlasPanel panel;
  ViewerUiState state;
  DreamParams params;
  bool open = true;
  AtlasHarness() {
    params.layers = {{"inception_3b", 1.0f, {}}};
    state.atlas.layer = "inception_4c";
    state.atlas.total = 12;
    state.atlas.textures.assign(12, 0);
    for (size_t c = 0; c < 12; c += 2) state.atlas.textures[c] = 100 + c;  // half the thumbnails are ready
    state.atlas.ready = 6;
  }
  UiRequests frame() {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(360, 700));
    ImGui::Begin("panel");
    ImGui::SetNextItemOpen(open, ImGuiCond_Always);
    UiRequests requests;
    panel.draw(params, state, requests);
    ImGui::End();
    ImGui::Render();
    return requests;
  }
  // The grid's child window: where the thumbnails start.
  ImVec2 grid_origin() const {
    for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows)
      if (std::string(window->Name).find("##atlas_grid") != std::string::npos) return window->Pos;
    FAIL("no atlas grid drawn");
    return {};
  }
};

}  // namespace

TEST_CASE("the atlas search box takes channel prefixes and ranges") {
  CHECK(channel_matches_filter("", 123));
  CHECK(channel_matches_filter("9", 9));
  CHECK(channel_matches_filter("9", 97));
  CHECK(channel_matches_filter("9", 900));
  CHECK_FALSE(channel_matches_filter("9", 19));
  CHECK(channel_matches_filter("10-20", 10));
  CHECK(channel_matches_filter("10-20", 20));
  CHECK_FALSE(channel_matches_filter("10-20", 21));
  CHECK(channel_matches_filter("3, 40-42", 41));
  CHECK_FALSE(channel_matches_filter("3, 40-42", 43));
  CHECK_FALSE(channel_matches_filter("abc", 1));
  CHECK_FALSE(channel_matches_filter("5-", 5));
}

TEST_CASE("the atlas asks for its worker only while it is open") {
  HeadlessImGui imgui;
  AtlasHarness h;
  h.open = false;
  CHECK_FALSE(h.frame().atlas_open);
  h.open = true;
  CHECK(h.frame().atlas_open);
}

TEST_CASE("a click on an atlas thumbnail sets the first layer's channel, ready or not") {
  HeadlessImGui imgui;
  AtlasHarness h;
  h.frame();
  h.frame();
  const ImVec2 origin = h.grid_origin();
  const float side = 56.0f, pitch = side + ImGui::GetStyle().ItemSpacing.x;
  for (int channel : {2, 3}) {  // 2 has its thumbnail, 3 is still being computed
    INFO("channel " << channel);
    const ImVec2 centre(origin.x + channel * pitch + side / 2, origin.y + side / 2);
    const UiRequests r = test::click_at(centre, [&] { return h.frame(); });
    CHECK(r.params_changed);
    REQUIRE(h.params.layers.size() == 1);
    CHECK(h.params.layers[0].layer == "inception_4c");
    CHECK(h.params.layers[0].channels == std::vector<int>{channel});
  }
  // Hovering alone changes nothing.
  const UiRequests idle = h.frame();
  CHECK_FALSE(idle.params_changed);
}
