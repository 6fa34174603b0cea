// The seam between the viewer and the capture module (screenshots, recordings). The viewer calls
// these from its keys (F12, F9) and buttons; ViewerCapture (viewer_capture.h) implements them on
// the capture module, and tests can stand in their own.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/dream_params.h"
#include "core/image.h"

namespace livedream::app {

// A dream frame as the viewer shows it: RGBA8 on the host, rows top first, tightly packed.
struct CaptureFrame {
  int width = 0, height = 0;
  const uint8_t* rgba = nullptr;
  int64_t step = 0;
};

class CaptureHooks {
 public:
  virtual ~CaptureHooks() = default;
  // F12: saves the dream (exact engine pixels). Returns the message for the UI; throws
  // livedream::Error when it cannot (the viewer shows it).
  virtual std::string on_screenshot(const Image& dream, const DreamParams& params, int64_t step) = 0;
  // F9: starts or stops recording. Returns the message for the UI; throws livedream::Error when it cannot.
  virtual std::string on_toggle_recording(const DreamParams& params) = 0;
  virtual bool recording() const = 0;
  // Every new engine frame the viewer displays, while recording.
  virtual void on_engine_frame(const CaptureFrame& frame) = 0;
};

}  // namespace livedream::app
