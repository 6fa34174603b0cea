// The card's heart on a GPU: the engine steps on a CUDA stream of its own, its RGBA8 frame goes to
// the GL texture by CUDA-GL interop with no host sync anywhere on the way (PyTorch's sync debug
// mode set to error: any synchronising call in the step, the wrapping or the upload throws), and
// the texture, drawn 1:1 into the headless EGL framebuffer, reads back exactly as the engine's
// own host copy of that frame. scripts/gpu-check runs it (a skip there is a failure).
#include <glad/gl.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/paths.h"
#include "dream/device.h"
#include "dream/engine.h"
#include "dream/rgba_frame_tensor.h"
#include "dream/test_engine_support.h"
#include "render/dream_shader.h"
#include "render/readback.h"
#include "render/texture_uploader.h"
#include "render/view.h"
#include "render/window.h"
#include "support/catch.h"

#if defined(LIVEDREAM_RENDER_CUDA)
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

using namespace livedream;
using namespace livedream::render;

TEST_CASE("an engine frame made on its own CUDA stream reaches the texture with no host sync and reads back exactly") {
#if !defined(LIVEDREAM_RENDER_CUDA)
  LIVEDREAM_SKIP("this build has no CUDA: configure with -DLIVEDREAM_CUDA=ON on a machine with the CUDA toolkit");
#else
  if (!dream::cuda_available()) LIVEDREAM_SKIP("no CUDA device here (scripts/gpu-check runs this on a GPU)");
  WindowConfig config;
  config.width = 320;
  config.height = 256;
  config.vsync = false;
  config.headless_egl = true;
  Window window(config);
  INFO("GL renderer: " << window.gl_renderer() << " (" << window.context_kind() << ")");
  if (window.gl_renderer().find("NVIDIA") == std::string::npos)
    LIVEDREAM_SKIP("the EGL context runs on '" + window.gl_renderer() + "', not an NVIDIA GPU");
  std::string why;
  auto uploader = make_cuda_gl_uploader(&why);
  REQUIRE(uploader);

  auto model = std::make_shared<dream::Model>(
      dream::Model::load(test::shared_model("googlenet_bvlc.pt"), dream::resolve_device("cuda"), torch::kFloat32));
  dream::Engine engine(model, test::plain_params("inception_4c", 100));
  engine.set_source(test::sky(301, 211));  // odd sizes: rows not aligned
  engine.step();                           // warm-up: cuDNN's algorithm choice may sync once
  GlTexture texture;
  texture.set_linear_filter(false);

  const c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
  RgbaFrame frame;
  {
    c10::cuda::CUDAStreamGuard guard(stream);
    c10::cuda::warning_state().set_sync_debug_mode(c10::cuda::SyncDebugMode::L_ERROR);
    try {
      for (int i = 0; i < 3; ++i) {
        engine.step();
        frame = dream::wrap_rgba_frame(engine.frame_rgba8());
        const UploadResult r = uploader->upload(frame, texture);
        REQUIRE(r.ok);
      }
    } catch (...) {
      c10::cuda::warning_state().set_sync_debug_mode(c10::cuda::SyncDebugMode::L_DISABLED);
      throw;
    }
    c10::cuda::warning_state().set_sync_debug_mode(c10::cuda::SyncDebugMode::L_DISABLED);
  }
  CHECK(frame.on_device);
  CHECK(frame.cuda_stream == static_cast<void*>(stream.stream()));  // ordered after the engine's own stream
  CHECK(texture.width() == 301);
  CHECK(texture.height() == 211);

  stream.synchronize();
  const RgbaFrame want = dream::host_rgba_frame(engine);
  REQUIRE(want.width == 301);
  DreamShader shader(shaders_dir());
  const Size fb = window.framebuffer_size();
  ViewState view;
  view.actual_size = true;
  view.linear = false;
  const PixelRect area{0, 0, float(fb.width), float(fb.height)};
  const PixelRect rect = image_rect(301, 211, area, view);
  glClear(GL_COLOR_BUFFER_BIT);
  shader.draw(texture, rect, area, fb);
  glFinish();
  const auto got = read_pixels_rgba(int(rect.x), int(rect.y), 301, 211, fb.height);
  size_t bad = 0;
  for (int y = 0; y < 211; ++y)
    for (int x = 0; x < 301; ++x) {
      const uint8_t* a = want.data + static_cast<size_t>(y) * want.row_bytes() + size_t(x) * 4;
      const uint8_t* b = got.data() + (static_cast<size_t>(y) * 301 + size_t(x)) * 4;
      bad += a[0] != b[0] || a[1] != b[1] || a[2] != b[2];
    }
  CHECK(bad == 0);
#endif
}
