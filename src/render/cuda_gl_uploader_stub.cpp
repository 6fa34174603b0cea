// Builds without CUDA: the interop path does not exist and the app uses the CPU path.
#include "render/texture_uploader.h"

namespace livedream::render {

bool cuda_gl_interop_compiled() { return false; }

std::unique_ptr<TextureUploader> make_cuda_gl_uploader(std::string* why_not) {
  if (why_not) *why_not = "this build has no CUDA (configure with -DLIVEDREAM_CUDA=ON)";
  return nullptr;
}

}  // namespace livedream::render
