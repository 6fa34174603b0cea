#include "capture/v4l2_sink.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "capture/yuyv.h"
#include "core/error.h"
#include "core/image_resize.h"

namespace livedream::capture {

namespace {

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do r = ioctl(fd, request, arg);
  while (r < 0 && errno == EINTR);
  return r;
}

std::string fourcc(uint32_t f) {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((f >> (8 * i)) & 0xff);
  return s;
}

}  // namespace

void check_output_capabilities(const std::string& path, uint32_t capabilities, const std::string& card) {
  if (!(capabilities & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)))
    throw usage_error(path + " (" + card + ") is a v4l2 device that only captures, not a virtual camera's output",
                      std::string("make a virtual camera with `") + kV4l2LoopbackCommand + "` and give its /dev/videoN");
  if (capabilities & V4L2_CAP_VIDEO_OUTPUT_MPLANE && !(capabilities & V4L2_CAP_VIDEO_OUTPUT))
    throw usage_error(path + " (" + card + ") takes only multi-planar output, which livedream does not write",
                      std::string("use a v4l2loopback device (`") + kV4l2LoopbackCommand + "`)");
}

const char* to_string(V4l2Pixels pixels) {
  switch (pixels) {
    case V4l2Pixels::Yuyv: return "YUYV";
    case V4l2Pixels::Rgb24: return "RGB24";
    case V4l2Pixels::Bgr24: return "BGR24";
  }
  return "YUYV";
}

void encode_v4l2_frame(const RgbaFrame& frame, V4l2Pixels pixels, std::vector<uint8_t>& out) {
  if (pixels == V4l2Pixels::Yuyv) return rgba_to_yuyv(frame, out);
  const bool bgr = pixels == V4l2Pixels::Bgr24;
  out.resize(static_cast<size_t>(frame.width) * frame.height * 3);
  for (int y = 0; y < frame.height; ++y) {
    const uint8_t* src = frame.data + frame.row_bytes() * static_cast<size_t>(y);
    uint8_t* dst = out.data() + static_cast<size_t>(y) * frame.width * 3;
    for (int x = 0; x < frame.width; ++x, src += 4, dst += 3) {
      dst[0] = bgr ? src[2] : src[0];
      dst[1] = src[1];
      dst[2] = bgr ? src[0] : src[2];
    }
  }
}

void check_virtual_camera(const std::string& path) { V4l2Sink probe(path); }

V4l2Sink::V4l2Sink(std::string path) : path_(std::move(path)) { open_device(); }

V4l2Sink::~V4l2Sink() { close(); }

void V4l2Sink::open_device() {
  const std::string fix = std::string("make a virtual camera with `") + kV4l2LoopbackCommand + "` and give its /dev/videoN";
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    const int e = errno;
    if (e == ENOENT) throw usage_error("--virtual-camera " + path_ + ": no such device", fix);
    throw usage_error("--virtual-camera " + path_ + ": " + std::strerror(e), fix);
  }
  if (!S_ISCHR(st.st_mode)) throw usage_error("--virtual-camera " + path_ + " is not a device (a regular file or folder)", fix);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    const int e = errno;
    if (e == EACCES)
      throw usage_error("--virtual-camera " + path_ + ": permission denied", "add yourself to the `video` group (then log in again)");
    throw usage_error("--virtual-camera " + path_ + ": " + std::strerror(e), fix);
  }
  v4l2_capability cap{};
  if (xioctl(fd_, VIDIOC_QUERYCAP, &cap) != 0) {
    close();
    throw usage_error("--virtual-camera " + path_ + " is not a v4l2 video device", fix);
  }
  card_ = reinterpret_cast<const char*>(cap.card);
  const uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  try {
    check_output_capabilities(path_, caps, card_);
  } catch (...) {
    close();
    throw;
  }
}

void V4l2Sink::open(int width, int height) {
  if (fd_ < 0) open_device();  // after an unplug: the device is back (or this throws again)
  v4l2_format fmt{};
  fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  // What the device already insists on (a consumer may have fixed it); else ours.
  if (xioctl(fd_, VIDIOC_G_FMT, &fmt) != 0)
    throw runtime_error(path_ + ": cannot read its format: " + std::strerror(errno), "reload v4l2loopback");
  fmt.fmt.pix.width = static_cast<uint32_t>(width + (width & 1));  // YUYV pairs pixels
  fmt.fmt.pix.height = static_cast<uint32_t>(height);
  fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
  fmt.fmt.pix.field = V4L2_FIELD_NONE;
  fmt.fmt.pix.bytesperline = fmt.fmt.pix.width * 2;
  fmt.fmt.pix.sizeimage = fmt.fmt.pix.bytesperline * fmt.fmt.pix.height;
  fmt.fmt.pix.colorspace = V4L2_COLORSPACE_SMPTE170M;  // BT.601, limited range: what rgba_to_yuyv writes
  if (xioctl(fd_, VIDIOC_S_FMT, &fmt) != 0 && xioctl(fd_, VIDIOC_G_FMT, &fmt) != 0)
    throw runtime_error(path_ + ": the device refuses the format: " + std::strerror(errno),
                        "close the programs that use it, or reload v4l2loopback");
  switch (fmt.fmt.pix.pixelformat) {
    case V4L2_PIX_FMT_YUYV: pixels_ = V4l2Pixels::Yuyv; break;
    case V4L2_PIX_FMT_RGB24: pixels_ = V4l2Pixels::Rgb24; break;
    case V4L2_PIX_FMT_BGR24: pixels_ = V4l2Pixels::Bgr24; break;
    default:
      throw runtime_error(path_ + " keeps the format " + fourcc(fmt.fmt.pix.pixelformat) + ", which livedream does not write",
                          "close the program that set it, or reload v4l2loopback");
  }
  width_ = static_cast<int>(fmt.fmt.pix.width);
  height_ = static_cast<int>(fmt.fmt.pix.height);
}

void V4l2Sink::send(const RgbaFrame& frame, double /*source_s*/) {
  if (fd_ < 0) throw runtime_error(path_ + " is not open", "start the virtual camera again");
  const RgbaFrame* src = &frame;
  RgbaFrame resized;
  if (frame.width != width_ || frame.height != height_) {  // the device's size (an odd side, or fixed by it)
    resized = to_rgba_frame(resize_image(to_rgb(frame), width_, height_), frame.step);
    src = &resized;
  }
  encode_v4l2_frame(*src, pixels_, buffer_);
  const ssize_t n = ::write(fd_, buffer_.data(), buffer_.size());
  if (n < 0) {
    const int e = errno;
    close();
    throw runtime_error("the virtual camera " + path_ + " stopped taking frames: " + std::strerror(e),
                        "plug it back or reload v4l2loopback; livedream retries by itself");
  }
}

void V4l2Sink::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string V4l2Sink::describe() const {
  std::string s = path_;
  if (!card_.empty()) s += " (" + card_ + ")";
  return s;
}

}  // namespace livedream::capture
