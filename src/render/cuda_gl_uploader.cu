// CUDA-GL interop: compiled by nvcc in CUDA builds only. glad must come before cuda_gl_interop.h
// (glad's header stands in for GL/gl.h).
#include <glad/gl.h>

#include <cuda_gl_interop.h>
#include <cuda_runtime_api.h>

#include <string>

#include "core/error.h"
#include "render/cuda_gl_uploader.h"

namespace livedream::render {
namespace {

std::string cuda_message(cudaError_t err) { return std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err); }

// Maps a registered resource for the lifetime of the object, ordered on `stream`.
class MappedResource {
 public:
  MappedResource(cudaGraphicsResource* resource, cudaStream_t stream) : resource_(resource), stream_(stream) {
    status_ = cudaGraphicsMapResources(1, &resource_, stream_);
  }
  ~MappedResource() {
    if (status_ == cudaSuccess) cudaGraphicsUnmapResources(1, &resource_, stream_);
  }
  MappedResource(const MappedResource&) = delete;
  MappedResource& operator=(const MappedResource&) = delete;
  cudaError_t status() const { return status_; }
  cudaError_t array(cudaArray_t* out) const { return cudaGraphicsSubResourceGetMappedArray(out, resource_, 0, 0); }

 private:
  cudaGraphicsResource* resource_;
  cudaStream_t stream_;
  cudaError_t status_;
};

}  // namespace

int cuda_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    return 0;
  }
  return count;
}

CudaGlUploader::~CudaGlUploader() { unregister(); }

void CudaGlUploader::unregister() {
  if (resource_) cudaGraphicsUnregisterResource(resource_);
  resource_ = nullptr;
  registered_texture_ = 0;
}

UploadResult CudaGlUploader::upload(const RgbaFrame& frame, GlTexture& texture) {
  if (!frame.on_device) return UploadResult::failure("the CUDA-GL interop path got a host frame");
  if (!frame.data || frame.width <= 0 || frame.height <= 0) return UploadResult::failure("empty frame");
  // A new size deletes the texture and makes another: unregister first, never after.
  if (texture.width() != frame.width || texture.height() != frame.height) unregister();
  try {
    texture.allocate(frame.width, frame.height);
  } catch (const Error& e) {
    return UploadResult::failure(e.what());
  }
  // The UI thread's current device must be the frame's (and, for registration, the GL context's).
  if (const cudaError_t err = cudaSetDevice(frame.cuda_device); err != cudaSuccess) {
    cudaGetLastError();
    return UploadResult::failure("cannot use CUDA device " + std::to_string(frame.cuda_device) + " (" + cuda_message(err) + ")");
  }
  if (!resource_ || registered_texture_ != texture.id() || registered_generation_ != texture.generation()) {
    unregister();
    const cudaError_t err = cudaGraphicsGLRegisterImage(&resource_, texture.id(), GL_TEXTURE_2D, cudaGraphicsRegisterFlagsWriteDiscard);
    if (err != cudaSuccess) {
      resource_ = nullptr;
      cudaGetLastError();
      return UploadResult::failure("CUDA-GL interop unavailable (" + cuda_message(err) +
                                   "; the GL context may run on another GPU or in software): using the CPU upload path");
    }
    registered_texture_ = texture.id();
    registered_generation_ = texture.generation();
  }
  auto stream = static_cast<cudaStream_t>(frame.cuda_stream);
  MappedResource mapped(resource_, stream);
  if (mapped.status() != cudaSuccess) {
    cudaGetLastError();
    return UploadResult::failure("mapping the dream texture for CUDA failed (" + cuda_message(mapped.status()) + ")");
  }
  cudaArray_t array = nullptr;
  cudaError_t err = mapped.array(&array);
  if (err == cudaSuccess)
    err = cudaMemcpy2DToArrayAsync(array, 0, 0, frame.data, frame.row_bytes(), static_cast<size_t>(frame.width) * 4,
                                   static_cast<size_t>(frame.height), cudaMemcpyDeviceToDevice, stream);
  if (err != cudaSuccess) {
    cudaGetLastError();
    return UploadResult::failure("device-to-texture copy failed (" + cuda_message(err) + ")");
  }
  return {};  // unmapping (at scope exit) orders GL's next use of the texture after the copy
}

bool cuda_gl_interop_compiled() { return true; }

std::unique_ptr<TextureUploader> make_cuda_gl_uploader(std::string* why_not) {
  if (cuda_device_count() == 0) {
    if (why_not) *why_not = "no CUDA device";
    return nullptr;
  }
  return std::make_unique<CudaGlUploader>();
}

}  // namespace livedream::render
