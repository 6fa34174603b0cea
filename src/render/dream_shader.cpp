#include "render/dream_shader.h"

#include <glad/gl.h>

#include <cmath>

#include "core/error.h"
#include "core/file_io.h"
#include "render/gl_debug.h"

namespace livedream::render {
namespace {

std::string info_log(GLuint object, bool program) {
  GLint length = 0;
  if (program)
    glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  else
    glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
  if (program)
    glGetProgramInfoLog(object, length, nullptr, log.data());
  else
    glGetShaderInfoLog(object, length, nullptr, log.data());
  return first_line(log.c_str());
}

GLuint compile(GLenum kind, const std::string& path) {
  const std::string source = read_file_text(path, "shader");
  GLuint shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(shader, false);
    glDeleteShader(shader);
    throw runtime_error("shader " + path + " does not compile: " + log, "restore shaders/ from the livedream sources");
  }
  return shader;
}

}  // namespace

DreamShader::DreamShader(const std::string& dir) {
  const GLuint vs = compile(GL_VERTEX_SHADER, dir + "/dream.vert");
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, dir + "/dream.frag");
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(program_, true);
    glDeleteProgram(program_);
    program_ = 0;
    throw runtime_error("shaders in " + dir + " do not link: " + log, "restore shaders/ from the livedream sources");
  }
  u_rect_ = glGetUniformLocation(program_, "u_rect");
  u_dream_ = glGetUniformLocation(program_, "u_dream");
  glGenVertexArrays(1, &vao_);  // core profile: drawing needs a bound VAO even without attributes
  gl_check("creating the dream shader");
}

DreamShader::~DreamShader() {
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
}

void DreamShader::draw(const GlTexture& texture, const PixelRect& rect, const PixelRect& area, Size framebuffer) {
  draw(texture.id(), rect, area, framebuffer);
}

void DreamShader::draw(unsigned texture, const PixelRect& rect, const PixelRect& area, Size framebuffer) {
  if (texture == 0 || framebuffer.width <= 0 || framebuffer.height <= 0 || area.w <= 0 || area.h <= 0) return;
  const float fw = static_cast<float>(framebuffer.width), fh = static_cast<float>(framebuffer.height);
  glViewport(0, 0, framebuffer.width, framebuffer.height);
  glEnable(GL_SCISSOR_TEST);
  // GL's scissor origin is the bottom-left corner.
  const int sx = static_cast<int>(std::floor(area.x));
  const int sy = static_cast<int>(std::floor(fh - (area.y + area.h)));
  glScissor(sx, sy, static_cast<int>(std::ceil(area.w)), static_cast<int>(std::ceil(area.h)));
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(program_);
  glUniform4f(u_rect_, 2.0f * rect.x / fw - 1.0f, 1.0f - 2.0f * rect.y / fh, 2.0f * (rect.x + rect.w) / fw - 1.0f,
              1.0f - 2.0f * (rect.y + rect.h) / fh);
  glUniform1i(u_dream_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace livedream::render
