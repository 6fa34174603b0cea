// Letterbox fit, 1:1 and zoom-at-cursor arithmetic (no GL needed).
#include <cmath>

#include "render/view.h"
#include "support/catch.h"

using namespace livedream::render;

TEST_CASE("fit letterboxes a wide image into a tall area, centred") {
  const PixelRect area{100, 20, 400, 600};
  const PixelRect r = image_rect(800, 400, area, ViewState{});
  CHECK(r.w == 400);
  CHECK(r.h == 200);
  CHECK(r.x == 100);
  CHECK(r.y == 20 + 200);
}

TEST_CASE("fit pillarboxes a tall image into a wide area") {
  const PixelRect r = image_rect(300, 600, PixelRect{0, 0, 1000, 300}, ViewState{});
  CHECK(r.w == 150);
  CHECK(r.h == 300);
  CHECK(r.x == 425);
  CHECK(r.y == 0);
}

TEST_CASE("actual size draws one image pixel per framebuffer pixel at whole-pixel offsets") {
  ViewState view;
  view.actual_size = true;
  const PixelRect r = image_rect(173, 97, PixelRect{0, 0, 320, 240}, view);
  CHECK(r.w == 173);
  CHECK(r.h == 97);
  CHECK(r.x == std::round((320 - 173) / 2.0f));
  CHECK(r.y == std::round((240 - 97) / 2.0f));
}

TEST_CASE("zoom at the cursor keeps the image point under the cursor") {
  const PixelRect area{0, 0, 800, 600};
  ViewState view;
  const float cx = 250, cy = 180;
  const PixelRect before = image_rect(640, 480, area, view);
  const float u = (cx - before.x) / before.w, v = (cy - before.y) / before.h;
  zoom_at(view, 2.0f, cx, cy, 640, 480, area);
  CHECK(view.zoom == 2.0f);
  const PixelRect after = image_rect(640, 480, area, view);
  CHECK(after.x + u * after.w == Approx(cx).margin(1.0));
  CHECK(after.y + v * after.h == Approx(cy).margin(1.0));
  zoom_at(view, 1e9f, cx, cy, 640, 480, area);
  CHECK(view.zoom == ViewState::kMaxZoom);
}
