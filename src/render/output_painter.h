// Paints the dream texture into the output window on a thread of its own, so that filling and
// swapping the projector's picture (a full-screen draw, that monitor's vblank) never holds up the
// main window's frame, and the projector can swap at its own refresh rate. The painter's context
// shares the main context's objects; fences order the two: the painter waits (on the GPU) for the
// upload it was handed, and the next upload waits (on the GPU) for the painter's read of the
// texture, so neither side stalls the other's thread.
#pragma once
#include <memory>
#include <string>

#include "core/rgba_frame.h"
#include "render/view.h"
#include "render/window.h"

struct GLFWwindow;

namespace livedream::render {

struct PaintJob {
  unsigned texture = 0;  // a texture of the main context's share group (0: black only)
  int texture_w = 0, texture_h = 0;
  PixelRect image;  // where the texture goes in the window's framebuffer
  Size framebuffer;
};

class OutputPainter {
 public:
  // Starts the thread, which makes `window`'s context current there (it must be current nowhere
  // else) and builds its shader. Throws livedream::Error when that fails.
  OutputPainter(GLFWwindow* window, const std::string& shaders_dir);
  ~OutputPainter();  // finishes the frame being painted, then stops
  OutputPainter(const OutputPainter&) = delete;
  OutputPainter& operator=(const OutputPainter&) = delete;

  // From the main thread with its context current, after the texture's upload: queues the frame
  // and returns. A queued frame the thread has not started is replaced (the newest frame wins).
  void paint(const PaintJob& job);
  // The same, then waits until it is drawn and returns the drawn pixels (screenshots, tests).
  RgbaFrame paint_and_read(const PaintJob& job);
  // From the main thread with its context current, before the texture is written or reallocated:
  // drops a frame not yet started and makes the main context's next commands wait (on the GPU) for
  // the painter's read of the texture. Waits on the CPU only while the painter is issuing its draw.
  void before_texture_write();
  // Smoothed period of the frames it painted (ms).
  double frame_ms() const;

 private:
  struct Shared;
  std::unique_ptr<Shared> shared_;
};

}  // namespace livedream::render
