#include "render/gl_debug.h"

#include <glad/gl.h>

#include <atomic>
#include <cstdio>

#include "core/error.h"
#include "core/log.h"

namespace livedream::render {
namespace {

std::atomic<int> g_debug_errors{0};

void GLAD_API_PTR debug_callback(GLenum source, GLenum type, GLuint id, GLenum severity, GLsizei length, const GLchar* message,
                                 const void* user) {
  if (severity == GL_DEBUG_SEVERITY_NOTIFICATION) return;
  if (severity == GL_DEBUG_SEVERITY_HIGH) ++g_debug_errors;
  if (severity == GL_DEBUG_SEVERITY_LOW) return;
  // --gl-debug asked for these: said at the info level, so --quiet still silences them.
  const std::string text = length < 0 ? std::string(message) : std::string(message, static_cast<size_t>(length));
  log::info(std::string("GL debug (") + (severity == GL_DEBUG_SEVERITY_HIGH ? "high" : "medium") + "): " + text);
}

}  // namespace

bool enable_gl_debug_output() {
  if (!GLAD_GL_KHR_debug || !glDebugMessageCallback) return false;
  GLint flags = 0;
  glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
  if (!(flags & GL_CONTEXT_FLAG_DEBUG_BIT)) return false;
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(debug_callback, nullptr);
  return true;
}

int gl_debug_error_count() { return g_debug_errors.load(); }

std::string gl_error_name(unsigned error) {
  switch (error) {
    case GL_NO_ERROR: return "GL_NO_ERROR";
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "GL error " + std::to_string(error);
  }
}

void gl_check(const char* what) {
  GLenum first = GL_NO_ERROR;
  for (int i = 0; i < 16; ++i) {  // a lost context can report errors forever: bounded
    const GLenum e = glGetError();
    if (e == GL_NO_ERROR) break;
    if (first == GL_NO_ERROR) first = e;
  }
  if (first != GL_NO_ERROR)
    throw runtime_error(std::string(what) + " failed: " + gl_error_name(first),
                        first == GL_OUT_OF_MEMORY ? "the GPU is out of memory: use a smaller resolution"
                                                  : "update the graphics driver, or run with --gl-debug for details");
}

}  // namespace livedream::render
