#include "render/frame_presenter.h"

#include <glad/gl.h>

#include <chrono>

#include "render/dream_shader.h"
#include "render/readback.h"
#include "render/texture_uploader.h"

namespace livedream::render {

FramePresenter::FramePresenter(const std::string& shaders_dir)
    : shader_(std::make_unique<DreamShader>(shaders_dir)), pbo_(make_pbo_uploader()) {
  std::string why_not;
  cuda_ = make_cuda_gl_uploader(&why_not);
  if (!cuda_) interop_note_ = "CUDA-GL interop: " + why_not;
  upload_path_ = pbo_->name();
}

FramePresenter::~FramePresenter() = default;

bool FramePresenter::takes_device_frames() const { return cuda_ != nullptr; }

PresentResult FramePresenter::present(const RgbaFrame& frame) {
  PresentResult result;
  TextureUploader* uploader = frame.on_device ? cuda_.get() : pbo_.get();
  if (!uploader) {  // a device frame without the interop path
    result.wants_host_frames = true;
    return result;
  }
  // The CPU path is about to reallocate a texture the interop path may still have registered.
  if (cuda_ && uploader != cuda_.get() && (frame.width != texture_.width() || frame.height != texture_.height())) cuda_->forget_texture();
  const auto start = std::chrono::steady_clock::now();
  const UploadResult upload = uploader->upload(frame, texture_);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!upload.ok) {
    if (frame.on_device) {  // the interop path failed: the CPU path from now on
      interop_note_ = upload.error;
      result.warning = upload.error;
      result.wants_host_frames = true;
      cuda_.reset();
    } else {
      result.error = upload.error;
    }
    return result;
  }
  upload_path_ = uploader->name();
  stats_.ms_recent = stats_.uploads == 0 ? ms : stats_.ms_recent * 0.9 + ms * 0.1;
  stats_.ms_total += ms;
  ++stats_.uploads;
  result.shown = true;
  return result;
}

void FramePresenter::draw(Size framebuffer, const PixelRect& area, const ViewState& view) {
  glViewport(0, 0, framebuffer.width, framebuffer.height);
  glClearColor(0.035f, 0.035f, 0.045f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (texture_.empty() || framebuffer.width <= 0 || framebuffer.height <= 0) return;
  texture_.set_linear_filter(view.linear);
  image_rect_ = render::image_rect(texture_.width(), texture_.height(), area, view);
  shader_->draw(texture_, image_rect_, area, framebuffer);
}

RgbaFrame FramePresenter::read_back() const { return read_texture(texture_); }

}  // namespace livedream::render
