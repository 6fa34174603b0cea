// A virtual camera: the dream written to a v4l2loopback device the way OBS's virtual camera does
// (obs-studio plugins/linux-v4l2/v4l2-output.c): the output format set with VIDIOC_S_FMT (YUYV, or
// the format the device already insists on when it is RGB24 or BGR24), then one write() per frame.
// Zoom, browsers and OBS then see the dream as a webcam. The device must be a v4l2 *output*
// device; anything else is one line naming the modprobe command that makes one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "capture/frame_sink.h"

namespace livedream::capture {

// The command the errors name (README: Outputs and controllers).
inline constexpr const char* kV4l2LoopbackCommand = "sudo modprobe v4l2loopback exclusive_caps=1 card_label=livedream";

// Throws livedream::Error (usage) unless `capabilities` (VIDIOC_QUERYCAP's device_caps, or its
// capabilities where the driver has no device caps) include video output: e.g. a webcam, which
// only captures. Split from the device so the rule is tested without one.
void check_output_capabilities(const std::string& path, uint32_t capabilities, const std::string& card);

enum class V4l2Pixels { Yuyv, Rgb24, Bgr24 };
const char* to_string(V4l2Pixels pixels);
// One frame in the device's format: `frame` (host RGBA, even width for YUYV) to `out` (resized).
void encode_v4l2_frame(const RgbaFrame& frame, V4l2Pixels pixels, std::vector<uint8_t>& out);

// Opens and checks `path` as V4l2Sink does, then lets it go: for bad input to be said before a
// model loads. Throws like V4l2Sink's constructor.
void check_virtual_camera(const std::string& path);

class V4l2Sink : public FrameSink {
 public:
  // Opens and checks `path` now, so bad input is an error at the start: a missing path, a regular
  // file, a character device that is not v4l2 (/dev/null), a device that only captures. Throws
  // livedream::Error (usage) naming the problem and the modprobe command.
  explicit V4l2Sink(std::string path);
  ~V4l2Sink() override;
  void open(int width, int height) override;                    // VIDIOC_S_FMT; reopens the device after a failure
  void send(const RgbaFrame& frame, double source_s) override;  // a camera has no sound: source_s unused
  void close() override;
  std::string describe() const override;

 private:
  void open_device();  // open(2) and the checks
  std::string path_, card_;
  int fd_ = -1;
  int width_ = 0, height_ = 0;
  V4l2Pixels pixels_ = V4l2Pixels::Yuyv;
  std::vector<uint8_t> buffer_;
};

}  // namespace livedream::capture
