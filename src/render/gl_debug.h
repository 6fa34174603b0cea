// OpenGL error checking: glGetError at setup boundaries, and KHR_debug messages when the context
// was created with debug output (--gl-debug).
#pragma once
#include <string>

namespace livedream::render {

// Installs a KHR_debug callback that prints high and medium severity messages to stderr.
// Returns false when the context offers no debug output.
bool enable_gl_debug_output();

// Number of high-severity debug messages seen since start (0 without debug output).
int gl_debug_error_count();

// Drains glGetError; throws livedream::Error (runtime) naming `what` and the GL error if any.
void gl_check(const char* what);

// "GL_INVALID_OPERATION" etc.
std::string gl_error_name(unsigned error);

}  // namespace livedream::render
