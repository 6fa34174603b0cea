#include "render/output_painter.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "render/dream_shader.h"
#include "render/readback.h"

namespace livedream::render {

struct OutputPainter::Shared {
  GLFWwindow* window = nullptr;
  std::mutex mutex;
  std::condition_variable wake;  // the thread: a job or stop; the main thread: a job done
  std::optional<PaintJob> queued;
  GLsync queued_ready = nullptr;  // the upload the queued job must wait for
  bool painting = false;          // between taking a job and fencing its draw
  GLsync drawn = nullptr;         // the last draw's reads of the texture, for the next upload to wait on
  bool read_requested = false;
  std::optional<RgbaFrame> read;  // the pixels of the job that asked for them
  bool stop = false;
  std::atomic<double> frame_ms{0.0};
  std::thread thread;

  void run(const std::string& shaders_dir, std::promise<void>& started);
  void paint_one(DreamShader& shader, const PaintJob& job, GLsync ready, bool read_back, double& last_s);
};

void OutputPainter::Shared::run(const std::string& shaders_dir, std::promise<void>& started) {
  glfwMakeContextCurrent(window);
  std::unique_ptr<DreamShader> shader;
  try {
    shader = std::make_unique<DreamShader>(shaders_dir);  // its own VAO: those are not shared
  } catch (...) {
    glfwMakeContextCurrent(nullptr);
    started.set_exception(std::current_exception());
    return;
  }
  // Here a swap waits for the projector's own vblank (tear-free) without holding up the main window.
  glfwSwapInterval(1);
  started.set_value();
  double last_s = 0;
  std::unique_lock lock(mutex);
  for (;;) {
    wake.wait(lock, [&] { return stop || queued; });
    if (stop) break;
    const PaintJob job = *queued;
    GLsync ready = queued_ready;
    queued.reset();
    queued_ready = nullptr;
    painting = true;
    const bool read_back = read_requested;
    lock.unlock();
    paint_one(*shader, job, ready, read_back, last_s);
    lock.lock();
  }
  lock.unlock();
  glFinish();  // the last draw's reads done before the main context may delete the texture
  shader.reset();
  glfwMakeContextCurrent(nullptr);
}

void OutputPainter::Shared::paint_one(DreamShader& shader, const PaintJob& job, GLsync ready, bool read_back, double& last_s) {
  if (ready) {
    glWaitSync(ready, 0, GL_TIMEOUT_IGNORED);  // the upload lands before this draw reads the texture
    glDeleteSync(ready);
  }
  const Size fb = job.framebuffer;
  glViewport(0, 0, fb.width, fb.height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  if (job.texture && fb.width > 0 && fb.height > 0)
    shader.draw(job.texture, job.image, PixelRect{0, 0, float(fb.width), float(fb.height)}, fb);
  std::optional<RgbaFrame> pixels;
  if (read_back) pixels = read_window_pixels(fb);
  GLsync fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  glFlush();  // the fence must reach the GPU before another context waits on it
  {
    std::lock_guard lock(mutex);
    if (drawn) glDeleteSync(drawn);
    drawn = fence;
    painting = false;
    if (read_back) {
      read = std::move(pixels);
      read_requested = false;
    }
  }
  wake.notify_all();
  glfwSwapBuffers(window);
  const double now = glfwGetTime();
  if (last_s > 0) {
    const double ms = (now - last_s) * 1000.0, was = frame_ms.load();
    frame_ms.store(was == 0 ? ms : was * 0.9 + ms * 0.1);
  }
  last_s = now;
}

OutputPainter::OutputPainter(GLFWwindow* window, const std::string& shaders_dir) : shared_(std::make_unique<Shared>()) {
  shared_->window = window;
  std::promise<void> started;
  auto done = started.get_future();
  shared_->thread = std::thread([this, shaders_dir, &started] { shared_->run(shaders_dir, started); });
  try {
    done.get();
  } catch (...) {
    shared_->thread.join();
    throw;
  }
}

OutputPainter::~OutputPainter() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stop = true;
  }
  shared_->wake.notify_all();
  shared_->thread.join();
  if (shared_->queued_ready) glDeleteSync(shared_->queued_ready);
  if (shared_->drawn) glDeleteSync(shared_->drawn);
}

void OutputPainter::paint(const PaintJob& job) {
  GLsync ready = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  glFlush();
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->queued_ready) glDeleteSync(shared_->queued_ready);  // a frame it never started
    shared_->queued = job;
    shared_->queued_ready = ready;
  }
  shared_->wake.notify_all();
}

RgbaFrame OutputPainter::paint_and_read(const PaintJob& job) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->read_requested = true;
    shared_->read.reset();
  }
  paint(job);
  std::unique_lock lock(shared_->mutex);
  shared_->wake.wait(lock, [&] { return shared_->read.has_value(); });
  RgbaFrame pixels = std::move(*shared_->read);
  shared_->read.reset();
  return pixels;
}

void OutputPainter::before_texture_write() {
  GLsync drawn = nullptr;
  {
    std::unique_lock lock(shared_->mutex);
    if (shared_->queued_ready && !shared_->read_requested) {  // not started: it would read the texture mid-write
      glDeleteSync(shared_->queued_ready);
      shared_->queued_ready = nullptr;
      shared_->queued.reset();
    }
    shared_->wake.wait(lock, [&] { return !shared_->painting && !shared_->queued; });
    drawn = shared_->drawn;
    shared_->drawn = nullptr;
  }
  if (drawn) {
    glWaitSync(drawn, 0, GL_TIMEOUT_IGNORED);
    glDeleteSync(drawn);
  }
}

double OutputPainter::frame_ms() const { return shared_->frame_ms.load(); }

}  // namespace livedream::render
