// Puts dream frames on the screen: owns the dream texture, both upload paths (CUDA-GL interop for
// device frames, a streamed PBO for host frames), the policy that falls back from the first to
// the second, the dream shader and the texture's readback. The viewer hands it one RgbaFrame per
// new engine frame and asks it to draw every UI frame; nothing here throws after construction.
#pragma once
#include <memory>
#include <string>

#include "core/rgba_frame.h"
#include "render/gl_texture.h"
#include "render/view.h"
#include "render/window.h"

namespace livedream::render {

class DreamShader;
class TextureUploader;

struct PresentResult {
  bool shown = false;              // the frame is in the texture now
  bool wants_host_frames = false;  // the frame was on the device and cannot be shown from there: ask for host frames
  std::string warning;             // the interop path just failed and was given up (say why, once)
  std::string error;               // a host frame could not be shown
};

struct UploadStats {
  double ms_recent = 0;  // moving average of the upload time
  double ms_total = 0;
  int64_t uploads = 0;
};

class FramePresenter {
 public:
  // Needs a current GL context. Throws livedream::Error when the shaders in `shaders_dir` do not build.
  explicit FramePresenter(const std::string& shaders_dir);
  ~FramePresenter();
  FramePresenter(const FramePresenter&) = delete;
  FramePresenter& operator=(const FramePresenter&) = delete;

  // Whether device frames can go straight to the texture (a CUDA build, a device, and no failure yet).
  bool takes_device_frames() const;
  // Uploads `frame` with the path for its memory. Never throws.
  PresentResult present(const RgbaFrame& frame);

  // Clears the framebuffer and draws the texture placed by `view` inside `area` (framebuffer pixels).
  void draw(Size framebuffer, const PixelRect& area, const ViewState& view);
  // Where the last draw put the image (framebuffer pixels); empty before the first frame.
  const PixelRect& image_rect() const { return image_rect_; }

  // The texture's pixels (a GPU wait: for screenshots of device frames only).
  RgbaFrame read_back() const;

  bool empty() const { return texture_.empty(); }
  // The dream texture itself: the output window draws it from its shared context.
  const GlTexture& texture() const { return texture_; }
  int width() const { return texture_.width(); }
  int height() const { return texture_.height(); }
  // "cpu-pbo" or "cuda-gl-interop": the path of the last upload (or the one device frames will take).
  const std::string& upload_path() const { return upload_path_; }
  // Why device frames do not use the interop path (empty while they can).
  const std::string& interop_note() const { return interop_note_; }
  const UploadStats& upload_stats() const { return stats_; }

 private:
  GlTexture texture_;
  std::unique_ptr<DreamShader> shader_;
  std::unique_ptr<TextureUploader> pbo_, cuda_;
  std::string upload_path_, interop_note_;
  UploadStats stats_;
  PixelRect image_rect_;
};

}  // namespace livedream::render
