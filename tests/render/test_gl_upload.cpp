// The CPU upload path end to end on a real GL context: known pixels in, glReadPixels out, exact.
#include <glad/gl.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paths.h"
#include "render/dream_shader.h"
#include "render/gl_debug.h"
#include "render/gl_texture.h"
#include "render/pbo_uploader.h"
#include "render/readback.h"
#include "render/gl_test_window.h"
#include "support/process_memory.h"
#include "support/test_env.h"
#include "render/view.h"

using namespace livedream;
using namespace livedream::render;

namespace {

std::vector<uint8_t> pattern(int w, int h, uint32_t seed) {
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 4);
  uint32_t s = seed;
  for (auto& b : px) {
    s = s * 1664525u + 1013904223u;  // every byte value occurs, neighbours differ
    b = static_cast<uint8_t>(s >> 24);
  }
  return px;
}

// Draws `texture` 1:1 with nearest filtering in the middle of the window and reads that region back.
std::vector<uint8_t> draw_and_read(Window& window, DreamShader& shader, GlTexture& texture) {
  const Size fb = window.framebuffer_size();
  ViewState view;
  view.actual_size = true;
  view.linear = false;
  texture.set_linear_filter(false);
  const PixelRect area{0, 0, static_cast<float>(fb.width), static_cast<float>(fb.height)};
  const PixelRect rect = image_rect(texture.width(), texture.height(), area, view);
  glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  shader.draw(texture, rect, area, fb);
  glFinish();
  auto out = read_pixels_rgba(static_cast<int>(rect.x), static_cast<int>(rect.y), texture.width(), texture.height(), fb.height);
  gl_check("drawing and reading back");
  return out;
}

// Counts bytes that differ in RGB and reports the first mismatch; alpha must read back opaque.
size_t rgb_mismatches(const std::vector<uint8_t>& expected, const std::vector<uint8_t>& got, int w, std::string* first) {
  size_t bad = 0;
  for (size_t i = 0; i < expected.size(); i += 4) {
    bool same = got[i + 3] == 255;
    for (int c = 0; c < 3; ++c) same = same && expected[i + c] == got[i + c];
    if (!same && bad++ == 0) {
      char buf[160];
      const size_t p = i / 4;
      std::snprintf(buf, sizeof buf, "first mismatch at (%zu,%zu): expected %d,%d,%d got %d,%d,%d,%d", p % w, p / w, expected[i],
                    expected[i + 1], expected[i + 2], got[i], got[i + 1], got[i + 2], got[i + 3]);
      *first = buf;
    }
  }
  return bad;
}

}  // namespace

TEST_CASE("CPU PBO upload, 1:1 nearest draw and glReadPixels reproduce the pixels exactly, also after resizes") {
  auto window = test::open_test_window(320, 240);
  INFO("GL " << window->gl_version() << " on " << window->gl_renderer());
  DreamShader shader(shaders_dir());
  GlTexture texture;
  PboUploader uploader;
  std::string first;

  auto check_size = [&](int w, int h, uint32_t seed) {
    const auto px = pattern(w, h, seed);
    const RgbaFrame frame = test::frame_view(w, h, px.data());
    const UploadResult r = uploader.upload(frame, texture);
    REQUIRE(r.ok);
    REQUIRE(texture.width() == w);
    REQUIRE(texture.height() == h);
    // Upload twice so that both buffers of the rotation are exercised.
    const auto px2 = pattern(w, h, seed + 1);
    REQUIRE(uploader.upload(test::frame_view(w, h, px2.data()), texture).ok);
    const auto got = draw_and_read(*window, shader, texture);
    const size_t bad = rgb_mismatches(px2, got, w, &first);
    INFO(w << "x" << h << ": " << bad << " pixels differ; " << first);
    CHECK(bad == 0);
  };

  SECTION("the window's own size") { check_size(320, 240, 1); }
  SECTION("odd sizes, then a reallocation to a larger and a smaller texture") {
    check_size(173, 97, 2);  // rows of 692 bytes: not 8-byte aligned
    check_size(301, 211, 3);
    check_size(64, 33, 4);
  }
  SECTION("after the window itself is resized") {
    check_size(200, 150, 5);
    window->set_window_size(400, 300);
    for (int i = 0; i < 50 && !(window->framebuffer_size() == Size{400, 300}); ++i) window->poll_events();
    REQUIRE(window->framebuffer_size() == Size{400, 300});
    window->swap_buffers();  // the drawable takes its new size at the next swap (as in the app's loop)
    check_size(391, 277, 6);
  }
  CHECK(gl_debug_error_count() == 0);
}

TEST_CASE("a padded (pitched) frame uploads like a packed one") {
  auto window = test::open_test_window(128, 128);
  DreamShader shader(shaders_dir());
  GlTexture texture;
  PboUploader uploader;
  const int w = 50, h = 40;
  const size_t pitch = w * 4 + 24;
  const auto packed = pattern(w, h, 9);
  std::vector<uint8_t> padded(pitch * h, 0xEE);
  for (int y = 0; y < h; ++y) std::copy_n(&packed[static_cast<size_t>(y) * w * 4], w * 4, &padded[pitch * y]);
  const RgbaFrame frame = test::frame_view(w, h, padded.data(), pitch);
  REQUIRE(uploader.upload(frame, texture).ok);
  std::string first;
  CHECK(rgb_mismatches(packed, draw_and_read(*window, shader, texture), w, &first) == 0);
}

TEST_CASE("thousands of uploads with size changes leak neither memory nor GL objects") {
  auto window = test::open_test_window(64, 64);
  GlTexture texture;
  PboUploader uploader;
  const auto a = pattern(256, 256, 1), b = pattern(240, 256, 2);
  for (int i = 0; i < 50; ++i)
    REQUIRE(uploader.upload(test::frame_view((i % 2) ? 240 : 256, 256, (i % 2) ? b.data() : a.data()), texture).ok);
  glFinish();
  const long before = static_cast<long>(test::rss_kib());
  for (int i = 0; i < 2000; ++i) {
    const bool odd = i % 2;  // every upload reallocates the texture
    REQUIRE(uploader.upload(test::frame_view(odd ? 240 : 256, 256, odd ? b.data() : a.data()), texture).ok);
    if (i % 100 == 0) glFinish();
  }
  glFinish();
  const long grown = static_cast<long>(test::rss_kib()) - before;
  INFO("RSS grew by " << grown << " KiB over 2000 reallocating uploads (a leak would be ~500 MiB)");
  CHECK(grown < 48 * 1024);
  CHECK(glGetError() == GL_NO_ERROR);
}

TEST_CASE("a shader that does not compile is one error naming the file") {
  auto window = test::open_test_window(64, 64);
  const std::string dir = test::tmp_dir("bad_shaders");
  std::ofstream(dir + "/dream.vert") << "#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n";
  std::ofstream(dir + "/dream.frag") << "#version 330 core\nthis is not glsl\n";
  try {
    DreamShader shader(dir);
    FAIL("expected an error");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(what.find(dir + "/dream.frag does not compile") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
}
