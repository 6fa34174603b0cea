// The CUDA-GL interop path: a device buffer with a known pattern goes into the texture without a
// host copy, is drawn 1:1 and read back exactly. Needs a CUDA build, a CUDA device and a GL context
// on that device (scripts/gpu-check runs it on an NVIDIA machine); skipped visibly otherwise.
#include <glad/gl.h>

#include <string>
#include <vector>

#include "core/paths.h"
#include "render/dream_shader.h"
#include "render/gl_test_window.h"
#include "render/readback.h"
#include "render/texture_uploader.h"
#include "render/view.h"
#include "support/catch.h"

#if defined(LIVEDREAM_RENDER_CUDA)
#include <cuda_runtime_api.h>

#include "render/cuda_gl_uploader.h"
#endif

using namespace livedream;
using namespace livedream::render;

TEST_CASE("CUDA-GL interop upload reproduces a device pattern exactly") {
#if !defined(LIVEDREAM_RENDER_CUDA)
  LIVEDREAM_SKIP("this build has no CUDA: configure with -DLIVEDREAM_CUDA=ON on a machine with the CUDA toolkit");
#else
  if (cuda_device_count() == 0) LIVEDREAM_SKIP("no CUDA device here: the interop path is compiled but cannot run (scripts/gpu-check runs it)");
  auto window = test::open_test_window(256, 256);
  INFO("GL renderer: " << window->gl_renderer());
  std::string why;
  auto uploader = make_cuda_gl_uploader(&why);
  REQUIRE(uploader);
  const int w = 199, h = 131;
  std::vector<uint8_t> host(static_cast<size_t>(w) * h * 4);
  for (size_t i = 0; i < host.size(); ++i) host[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
  void* device = nullptr;
  REQUIRE(cudaMalloc(&device, host.size()) == cudaSuccess);
  REQUIRE(cudaMemcpy(device, host.data(), host.size(), cudaMemcpyHostToDevice) == cudaSuccess);

  GlTexture texture;
  texture.set_linear_filter(false);
  RgbaFrame frame = test::frame_view(w, h, static_cast<const uint8_t*>(device));
  frame.on_device = true;
  const UploadResult r = uploader->upload(frame, texture);
  if (!r.ok && window->gl_renderer().find("NVIDIA") == std::string::npos)
    LIVEDREAM_SKIP("the GL context runs on '" + window->gl_renderer() + "', not the CUDA device: " + r.error);
  REQUIRE(r.ok);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);

  DreamShader shader(shaders_dir());
  const Size fb = window->framebuffer_size();
  ViewState view;
  view.actual_size = true;
  const PixelRect area{0, 0, float(fb.width), float(fb.height)};
  const PixelRect rect = image_rect(w, h, area, view);
  glClear(GL_COLOR_BUFFER_BIT);
  shader.draw(texture, rect, area, fb);
  glFinish();
  const auto got = read_pixels_rgba(int(rect.x), int(rect.y), w, h, fb.height);
  size_t bad = 0;
  for (size_t i = 0; i < host.size(); i += 4)
    bad += got[i] != host[i] || got[i + 1] != host[i + 1] || got[i + 2] != host[i + 2];
  CHECK(bad == 0);

  // A resize re-registers the new texture.
  RgbaFrame smaller = test::frame_view(64, 32, static_cast<const uint8_t*>(device));
  smaller.on_device = true;
  CHECK(uploader->upload(smaller, texture).ok);
  CHECK(texture.width() == 64);
  cudaFree(device);
#endif
}
