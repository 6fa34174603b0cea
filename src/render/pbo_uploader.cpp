#include "render/pbo_uploader.h"

#include <glad/gl.h>

#include <cstring>

#include "core/error.h"
#include "render/gl_debug.h"

namespace livedream::render {

PboUploader::PboUploader() { glGenBuffers(2, buffers_); }

PboUploader::~PboUploader() { glDeleteBuffers(2, buffers_); }

UploadResult PboUploader::upload(const RgbaFrame& frame, GlTexture& texture) {
  if (frame.on_device) return UploadResult::failure("the CPU upload path got a device frame");
  if (!frame.data || frame.width <= 0 || frame.height <= 0) return UploadResult::failure("empty frame");
  try {
    texture.allocate(frame.width, frame.height);
  } catch (const Error& e) {
    return UploadResult::failure(e.what());
  }
  const size_t row = static_cast<size_t>(frame.width) * 4;
  const size_t bytes = row * frame.height;
  const int i = next_;
  next_ = 1 - next_;
  glBindBuffer(GL_PIXEL_UNPACK_BUFFER, buffers_[i]);
  // Orphan: the driver hands back fresh storage if the GPU still reads the old contents.
  glBufferData(GL_PIXEL_UNPACK_BUFFER, static_cast<GLsizeiptr>(bytes), nullptr, GL_STREAM_DRAW);
  void* dst = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, static_cast<GLsizeiptr>(bytes), GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
  if (!dst) {
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    return UploadResult::failure("could not map the pixel buffer (" + gl_error_name(glGetError()) + ")");
  }
  if (frame.row_bytes() == row) {
    std::memcpy(dst, frame.data, bytes);
  } else {
    for (int y = 0; y < frame.height; ++y) std::memcpy(static_cast<uint8_t*>(dst) + row * y, frame.data + frame.row_bytes() * y, row);
  }
  const bool unmapped = glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER) == GL_TRUE;
  if (unmapped) {
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.width, frame.height, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
  if (!unmapped) return UploadResult::failure("the pixel buffer was lost while mapped; the frame is skipped");
  const GLenum err = glGetError();
  if (err != GL_NO_ERROR) return UploadResult::failure("texture upload failed: " + gl_error_name(err));
  return {};
}

std::unique_ptr<TextureUploader> make_pbo_uploader() { return std::make_unique<PboUploader>(); }

}  // namespace livedream::render
