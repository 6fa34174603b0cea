// The one frame type and its RGB <-> RGBA conversions.
#include "core/error.h"
#include "core/procedural_image.h"
#include "core/rgba_frame.h"
#include "support/catch.h"

using namespace livedream;

TEST_CASE("an RGB image survives the round trip through an RGBA frame") {
  const Image clouds = make_clouds(37, 11, 3);  // odd sizes: no padding assumed
  const RgbaFrame frame = to_rgba_frame(clouds, 12);
  REQUIRE(frame.width == 37);
  REQUIRE(frame.height == 11);
  CHECK(frame.step == 12);
  CHECK_FALSE(frame.on_device);
  CHECK(frame.row_bytes() == 37 * 4);
  CHECK(frame.data[3] == 255);
  CHECK(frame.data[4 * 36 + 3] == 255);
  CHECK(frame.data[0] == clouds.rgb[0]);
  CHECK(frame.data[4 * 5 + 2] == clouds.rgb[3 * 5 + 2]);
  CHECK(to_rgb(frame).rgb == clouds.rgb);
}

TEST_CASE("to_rgb honours the row pitch and ignores alpha") {
  // 2x2 pixels in rows of 12 bytes (4 bytes of padding per row).
  std::vector<uint8_t> padded = {1, 2, 3, 9, 4, 5, 6, 9, 0xEE, 0xEE, 0xEE, 0xEE, 7, 8, 9, 0, 10, 11, 12, 0, 0xEE, 0xEE, 0xEE, 0xEE};
  RgbaFrame frame;
  frame.width = 2;
  frame.height = 2;
  frame.pitch = 12;
  frame.data = padded.data();
  const Image image = to_rgb(frame);
  CHECK(image.rgb == std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
}

TEST_CASE("a frame's owner keeps its pixels alive, copies share them") {
  RgbaFrame frame = to_rgba_frame(make_clouds(8, 8, 1));
  const std::weak_ptr<const void> pixels = frame.owner;
  RgbaFrame shared = frame;
  CHECK(shared.data == frame.data);
  frame = {};
  CHECK_FALSE(pixels.expired());
  shared = {};
  CHECK(pixels.expired());
}

TEST_CASE("empty frames and device frames") {
  CHECK(RgbaFrame{}.empty());
  CHECK(to_rgb(RgbaFrame{}).empty());
  CHECK(to_rgba_frame(Image{}).empty());
  RgbaFrame device = to_rgba_frame(make_clouds(4, 4, 1));
  device.on_device = true;
  CHECK_THROWS_AS(to_rgb(device), Error);
}
