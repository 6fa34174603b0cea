// The output window's placement of the dream: fit (letterbox), fill (crop), stretch.
#include <catch2/catch.hpp>

#include "render/output_window.h"

using namespace livedream::render;

TEST_CASE("the output fits the dream whole with bars, fills it cropped, or stretches it") {
  const Size wide{1920, 1080};
  // A 4:3 dream on a 16:9 screen: fit has bars left and right, fill crops top and bottom.
  const PixelRect fit = fitted_rect(640, 480, wide, OutputFit::Fit);
  CHECK(fit.h == 1080);
  CHECK(fit.w == 1440);
  CHECK(fit.x == 240);
  CHECK(fit.y == 0);
  const PixelRect fill = fitted_rect(640, 480, wide, OutputFit::Fill);
  CHECK(fill.w == 1920);
  CHECK(fill.h == 1440);
  CHECK(fill.x == 0);
  CHECK(fill.y == -180);
  const PixelRect stretch = fitted_rect(640, 480, wide, OutputFit::Stretch);
  CHECK(stretch.x == 0);
  CHECK(stretch.y == 0);
  CHECK(stretch.w == 1920);
  CHECK(stretch.h == 1080);
  // A wide dream on a tall window: bars above and below.
  const PixelRect tall = fitted_rect(400, 100, Size{300, 600}, OutputFit::Fit);
  CHECK(tall.w == 300);
  CHECK(tall.h == 75);
  CHECK(tall.y == Approx(262.0f).margin(1.0f));
  // No picture yet: the whole window.
  CHECK(fitted_rect(0, 0, wide, OutputFit::Fit).w == 1920);
}

TEST_CASE("the output fit is one of fit, fill and stretch and nothing else") {
  CHECK(parse_output_fit("fit") == OutputFit::Fit);
  CHECK(parse_output_fit("fill") == OutputFit::Fill);
  CHECK(parse_output_fit("stretch") == OutputFit::Stretch);
  CHECK_FALSE(parse_output_fit("cover"));
  CHECK(std::string(to_string(OutputFit::Fill)) == "fill");
}
