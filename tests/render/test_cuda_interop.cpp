// The CUDA-GL interop path: a device buffer with a known pattern, written on a stream of its own,
// goes into the texture without a host copy and without the host waiting for that stream, is drawn
// 1:1 and read back exactly. The GL context is the headless EGL one (render/egl_context.h): on an
// NVIDIA machine EGL's device platform gives NVIDIA's GL without an X server, the only GL CUDA can
// share a texture with (Xvfb's is Mesa). Needs a CUDA build and device (scripts/gpu-check runs it,
// and counts a skip as a failure); skipped visibly otherwise.
#include <glad/gl.h>

#include <string>
#include <vector>

#include "core/paths.h"
#include "render/dream_shader.h"
#include "render/gl_test_window.h"
#include "render/window.h"
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
  if (cuda_device_count() == 0)
    LIVEDREAM_SKIP("no CUDA device here: the interop path is compiled but cannot run (scripts/gpu-check runs it)");
  WindowConfig config;
  config.width = 256;
  config.height = 256;
  config.vsync = false;
  config.debug_context = true;
  config.headless_egl = true;  // EGL's device platform: NVIDIA's GL with no X server
  auto window = std::make_unique<Window>(config);
  INFO("GL renderer: " << window->gl_renderer() << " (" << window->context_kind() << ")");
  if (window->gl_renderer().find("NVIDIA") == std::string::npos)
    LIVEDREAM_SKIP("the EGL context runs on '" + window->gl_renderer() + "', not an NVIDIA GPU: CUDA cannot share its textures");
  std::string why;
  auto uploader = make_cuda_gl_uploader(&why);
  REQUIRE(uploader);
  CHECK(std::string(uploader->name()) == "cuda-gl-interop");
  const int w = 199, h = 131;
  std::vector<uint8_t> host(static_cast<size_t>(w) * h * 4);
  for (size_t i = 0; i < host.size(); ++i) host[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
  void *device = nullptr, *pattern = nullptr;  // the frame, and the pattern it gets on the stream
  REQUIRE(cudaMalloc(&device, host.size()) == cudaSuccess);
  REQUIRE(cudaMalloc(&pattern, host.size()) == cudaSuccess);
  REQUIRE(cudaMemset(device, 0, host.size()) == cudaSuccess);
  REQUIRE(cudaMemcpy(pattern, host.data(), host.size(), cudaMemcpyHostToDevice) == cudaSuccess);
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);

  // The frame's producer: a stream of its own, kept busy (~10 ms of 1 GiB device copies) before it
  // writes the pattern, so that an upload that waited for it on the host would be seen waiting.
  cudaStream_t stream = nullptr;
  REQUIRE(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking) == cudaSuccess);
  const size_t busy_bytes = size_t(1) << 30;
  void *busy_a = nullptr, *busy_b = nullptr;
  REQUIRE(cudaMalloc(&busy_a, busy_bytes) == cudaSuccess);
  REQUIRE(cudaMalloc(&busy_b, busy_bytes) == cudaSuccess);
  for (int i = 0; i < 20; ++i)
    REQUIRE(cudaMemcpyAsync(i % 2 ? busy_a : busy_b, i % 2 ? busy_b : busy_a, busy_bytes, cudaMemcpyDeviceToDevice, stream) == cudaSuccess);
  // Device to device: a copy from pageable host memory could block the host by itself.
  REQUIRE(cudaMemcpyAsync(device, pattern, host.size(), cudaMemcpyDeviceToDevice, stream) == cudaSuccess);

  GlTexture texture;
  texture.set_linear_filter(false);
  texture.allocate(w, h);  // registration (a one-off) happens at the first upload; allocate first
  RgbaFrame frame = test::frame_view(w, h, static_cast<const uint8_t*>(device));
  frame.on_device = true;
  frame.cuda_stream = stream;
  const UploadResult r = uploader->upload(frame, texture);
  REQUIRE(r.ok);
  // Returned while the producer's stream still runs: the upload was queued behind it, not waited for.
  CHECK(cudaStreamQuery(stream) == cudaErrorNotReady);
  REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
  cudaFree(busy_a);
  cudaFree(busy_b);

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
  for (size_t i = 0; i < host.size(); i += 4) bad += got[i] != host[i] || got[i + 1] != host[i + 1] || got[i + 2] != host[i + 2];
  CHECK(bad == 0);

  // A resize re-registers the new texture.
  RgbaFrame smaller = test::frame_view(64, 32, static_cast<const uint8_t*>(device));
  smaller.on_device = true;
  CHECK(uploader->upload(smaller, texture).ok);
  CHECK(texture.width() == 64);
  cudaStreamSynchronize(stream);
  cudaStreamDestroy(stream);
  cudaFree(pattern);
  cudaFree(device);
#endif
}
