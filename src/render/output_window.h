// The projector's window (issue 25): a second window titled "livedream output" showing only the
// dream, no panels, no cursor, no overlays, while the main window keeps the controls. It shares the
// main window's GL objects, so it draws the very texture the presenter uploads (no second upload, no
// copy per frame: the CUDA-GL interop path feeds both windows); its painter thread draws and swaps
// it (render/output_painter.h), so the main window's frame never waits for it. Fullscreen on a
// chosen monitor at that monitor's mode; F11 in it toggles that; closing it never stops the dream.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rgba_frame.h"
#include "render/gl_texture.h"
#include "render/view.h"
#include "render/window.h"

struct GLFWwindow;
struct GLFWmonitor;

namespace livedream::render {

// How the dream fills the output: whole with bars (fit, letterbox), cropped to cover it (fill), or
// distorted to it (stretch).
enum class OutputFit { Fit, Fill, Stretch };
std::optional<OutputFit> parse_output_fit(std::string_view text);
const char* to_string(OutputFit fit);
// Where an image_w x image_h picture lands in a framebuffer of `size` (pixels, top-left origin).
PixelRect fitted_rect(int image_w, int image_h, Size size, OutputFit fit);

struct MonitorInfo {
  int number = 0;  // from 1, in GLFW's order (the primary first)
  std::string name;
  int x = 0, y = 0;           // on the desktop
  int width = 0, height = 0;  // its current mode
  int refresh_hz = 0;
};
// The connected monitors (initialises GLFW when no window has). Throws livedream::Error without a display.
std::vector<MonitorInfo> list_monitors();

class OutputPainter;

class OutputWindow {
 public:
  // Opens the window sharing `main`'s objects (its context is current again afterwards). `display`:
  // a monitor's number (1..) for fullscreen there, 0 for a window of `width` x `height`. With one
  // monitor a fullscreen output would cover the controls: it stays a window and `note` says so.
  // Throws livedream::Error for a monitor number that does not exist or a window GLFW refuses.
  OutputWindow(GLFWwindow* main, int display, OutputFit fit, int width, int height, const std::string& shaders_dir, std::string* note);
  ~OutputWindow();
  OutputWindow(const OutputWindow&) = delete;
  OutputWindow& operator=(const OutputWindow&) = delete;

  // The user closed it (its close button): the viewer drops it, the dream goes on.
  bool closed() const;
  // Hands `texture` to the painter thread, to be drawn as the fit says (returns at once); with
  // `capture`, waits for that draw and receives its pixels. `generation` counts the texture's
  // uploads: when it and the window's size are as at the last call, nothing is drawn (the window
  // keeps showing that frame), so the output costs one draw per new dream frame, not one per UI
  // frame. Call from the main thread with its context current, after the frame's upload.
  void show(const GlTexture& texture, int64_t generation, RgbaFrame* capture = nullptr);
  // Before the texture is written or reallocated (the main context current): see OutputPainter.
  void before_texture_write();
  void set_fullscreen(bool on);
  bool fullscreen() const { return fullscreen_; }
  // Smoothed period of the frames it drew (ms), for the Performance panel.
  double frame_ms() const;
  GLFWwindow* handle() const { return window_; }

 private:
  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
  GLFWwindow* main_ = nullptr;
  GLFWwindow* window_ = nullptr;
  std::unique_ptr<OutputPainter> painter_;
  OutputFit fit_;
  GLFWmonitor* monitor_ = nullptr;  // where fullscreen goes (the chosen monitor, else the window's)
  bool fullscreen_ = false, toggle_requested_ = false;
  int windowed_x_ = 0, windowed_y_ = 0, windowed_w_ = 0, windowed_h_ = 0;
  int64_t shown_generation_ = -1;
  Size shown_size_;
};

}  // namespace livedream::render
