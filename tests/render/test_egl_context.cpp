// The headless EGL context (render/egl_context.h) on this machine's EGL: Mesa here (llvmpipe, on
// its device and its surfaceless platform), NVIDIA's driver on a GPU machine (scripts/gpu-check).
// No display is used: these tests run with DISPLAY unset. A frame goes through the PBO upload path
// into a texture, is drawn 1:1 into the context's framebuffer object and must read back exactly.
#include <glad/gl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paths.h"
#include "render/dream_shader.h"
#include "render/egl_context.h"
#include "render/gl_debug.h"
#include "render/gl_texture.h"
#include "render/pbo_uploader.h"
#include "render/readback.h"
#include "render/view.h"
#include "render/window.h"
#include "support/catch.h"
#include "support/scoped_env.h"

using namespace livedream;
using namespace livedream::render;

namespace {

std::vector<uint8_t> pattern(int w, int h, uint32_t seed) {
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 4);
  uint32_t s = seed;
  for (auto& b : px) {
    s = s * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(s >> 24);
  }
  return px;
}

RgbaFrame host_frame(int w, int h, const std::vector<uint8_t>& px) {
  RgbaFrame frame;
  frame.width = w;
  frame.height = h;
  frame.data = px.data();
  return frame;
}

// Uploads a w x h pattern through the PBO path, draws it 1:1 into the current framebuffer of size
// `fb` and returns how many pixels read back differ in RGB (alpha must be opaque).
size_t upload_draw_mismatches(Size fb, int w, int h, uint32_t seed) {
  DreamShader shader(shaders_dir());
  GlTexture texture;
  texture.set_linear_filter(false);
  PboUploader uploader;
  const auto px = pattern(w, h, seed);
  const UploadResult r = uploader.upload(host_frame(w, h, px), texture);
  REQUIRE(r.ok);
  ViewState view;
  view.actual_size = true;
  view.linear = false;
  const PixelRect area{0, 0, float(fb.width), float(fb.height)};
  const PixelRect rect = image_rect(w, h, area, view);
  glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  shader.draw(texture, rect, area, fb);
  glFinish();
  const auto got = read_pixels_rgba(int(rect.x), int(rect.y), w, h, fb.height);
  gl_check("drawing and reading back the headless framebuffer");
  size_t bad = 0;
  for (size_t i = 0; i < px.size(); i += 4)
    bad += got[i] != px[i] || got[i + 1] != px[i + 1] || got[i + 2] != px[i + 2] || got[i + 3] != 255;
  return bad;
}

void check_platform(EglPlatform platform, const char* name) {
  test::ScopedEnv no_display("DISPLAY", std::nullopt);  // proves no X server is involved
  EglContextConfig config;
  config.width = 320;
  config.height = 240;
  config.debug_context = true;
  config.platform = platform;
  EglContext context(config);
  INFO(name << ": " << context.description() << ", GL " << context.gl_version() << " on " << context.gl_renderer());
  CHECK(context.size() == Size{320, 240});
  CHECK(window_framebuffer() == context.framebuffer());
  CHECK(window_framebuffer() != 0u);
  CHECK(upload_draw_mismatches(context.size(), 173, 97, 1) == 0);  // rows of 692 bytes: not 8-aligned
  context.resize(400, 300);
  CHECK(headless_framebuffer_size() == Size{400, 300});
  CHECK(upload_draw_mismatches(context.size(), 391, 277, 2) == 0);
  CHECK(gl_debug_error_count() == 0);
}

}  // namespace

TEST_CASE("EGL surfaceless platform: a PBO upload drawn into the framebuffer object reads back exactly") {
  check_platform(EglPlatform::Surfaceless, "surfaceless");
}

TEST_CASE("EGL device platform: a PBO upload drawn into the framebuffer object reads back exactly") {
  check_platform(EglPlatform::Device, "device");
}

TEST_CASE("LIVEDREAM_GL_CONTEXT=egl makes the window headless: its framebuffer, its readback, its close") {
  test::ScopedEnv no_display("DISPLAY", std::nullopt);
  test::ScopedEnv egl("LIVEDREAM_GL_CONTEXT", std::string("egl"));
  WindowConfig config;
  config.width = 200;
  config.height = 120;
  config.vsync = false;
  Window window(config);
  INFO(window.context_kind() << ", GL on " << window.gl_renderer());
  CHECK(window.headless());
  CHECK(window.handle() == nullptr);
  CHECK(window.context_kind().rfind("egl: ", 0) == 0);
  CHECK(window.framebuffer_size() == Size{200, 120});
  glClearColor(1.0f, 0.0f, 1.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  window.swap_buffers();
  glFinish();
  const RgbaFrame shot = read_window_pixels(window.framebuffer_size());
  REQUIRE(shot.width == 200);
  REQUIRE(shot.height == 120);
  const uint8_t* corner = shot.data + (static_cast<size_t>(119) * 200 + 199) * 4;
  CHECK(int(corner[0]) == 255);
  CHECK(int(corner[1]) == 0);
  CHECK(int(corner[2]) == 255);
  window.set_window_size(64, 48);
  CHECK(window.framebuffer_size() == Size{64, 48});
  CHECK(upload_draw_mismatches(window.framebuffer_size(), 63, 47, 3) == 0);
  CHECK_FALSE(window.should_close());
  window.request_close();
  CHECK(window.should_close());
}

TEST_CASE("an unknown LIVEDREAM_GL_CONTEXT is one usage error naming the choices") {
  test::ScopedEnv bad("LIVEDREAM_GL_CONTEXT", std::string("vulkan"));
  try {
    Window window(WindowConfig{});
    FAIL("expected an error");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(what.find("LIVEDREAM_GL_CONTEXT=vulkan") != std::string::npos);
    CHECK(what.find("egl-device") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
}
