// A real GL 3.3 window for render tests (Xvfb + Mesa in CI); skips visibly without a display.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/rgba_frame.h"
#include "render/window.h"
#include "support/catch.h"

namespace livedream::test {

inline std::unique_ptr<render::Window> open_test_window(int width, int height) {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) LIVEDREAM_SKIP("needs a display: run the gl tests under xvfb-run (scripts/test does)");
  render::WindowConfig config;
  config.width = width;
  config.height = height;
  config.vsync = false;
  config.debug_context = true;
  config.title = "livedream test";
  return std::make_unique<render::Window>(config);
}

// A host (or, with on_device set after, device) frame over pixels the test owns.
inline RgbaFrame frame_view(int width, int height, const uint8_t* data, size_t pitch = 0) {
  RgbaFrame frame;
  frame.width = width;
  frame.height = height;
  frame.data = data;
  frame.pitch = pitch;
  return frame;
}

}  // namespace livedream::test
