// The virtual camera (capture/v4l2_sink.h) up to the device: its frame format against a
// reference conversion (the BT.601 formula in double precision, and ffmpeg's own yuyv422), and
// its errors (a missing device, a regular file, a character device that is not v4l2, a device that
// only captures). Writing to a real v4l2loopback device needs the kernel module, which this
// machine cannot load: not tested here.
#include <linux/videodev2.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "capture/synthetic_frames.h"
#include "capture/v4l2_sink.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::capture;

namespace {

std::string error_of(const std::string& path) {
  try {
    V4l2Sink sink(path);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

// A picture with every kind of content: a gradient, saturated bars, noise.
Image test_picture(int w, int h) {  // h >= 8
  Image image = test::synthetic_frame(w, h, 3);
  const Image noise = test::noise_frame(w, h, 11);
  for (int y = h / 2; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) image.rgb[(y * w + x) * 3 + c] = noise.rgb[(y * w + x) * 3 + c];
  for (int x = 0; x < w; ++x) {  // saturated primaries and black/white in the first rows
    const int which = x * 6 / w;
    const uint8_t colours[6][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}, {0, 0, 0}, {255, 255, 0}};
    for (int y = 0; y < 8; ++y)
      for (int c = 0; c < 3; ++c) image.rgb[(y * w + x) * 3 + c] = colours[which][c];
  }
  return image;
}

}  // namespace

TEST_CASE("virtual camera: YUYV matches the BT.601 limited-range formula") {
  const int w = 96, h = 64;
  const Image picture = test_picture(w, h);
  const RgbaFrame frame = to_rgba_frame(picture);
  std::vector<uint8_t> yuyv;
  encode_v4l2_frame(frame, V4l2Pixels::Yuyv, yuyv);
  REQUIRE(yuyv.size() == static_cast<size_t>(w * h * 2));
  int worst = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; x += 2) {
      double rs = 0, gs = 0, bs = 0;
      for (int k = 0; k < 2; ++k) {
        const uint8_t* p = &picture.rgb[(y * w + x + k) * 3];
        const double luma = 16 + (0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) * 219 / 255;
        worst = std::max(worst, std::abs(yuyv[(y * w + x) * 2 + 2 * k] - static_cast<int>(std::lround(luma))));
        rs += p[0] / 2.0, gs += p[1] / 2.0, bs += p[2] / 2.0;
      }
      const double u = 128 + (-0.168736 * rs - 0.331264 * gs + 0.5 * bs) * 224 / 255;
      const double v = 128 + (0.5 * rs - 0.418688 * gs - 0.081312 * bs) * 224 / 255;
      worst = std::max(worst, std::abs(yuyv[(y * w + x) * 2 + 1] - static_cast<int>(std::lround(u))));
      worst = std::max(worst, std::abs(yuyv[(y * w + x) * 2 + 3] - static_cast<int>(std::lround(v))));
    }
  CHECK(worst <= 1);
  // White is Y 235, black Y 16, neutral chroma 128 (limited range).
  CHECK(int(yuyv[(2 * w + 3 * w / 6) * 2]) == 235);
  CHECK(int(yuyv[(2 * w + 4 * w / 6) * 2]) == 16);
  CHECK(std::abs(int(yuyv[(2 * w + 3 * w / 6) * 2 + 1]) - 128) <= 1);
}

TEST_CASE("virtual camera: YUYV matches ffmpeg's conversion to yuyv422 (BT.601, limited range)") {
  test::require_ffmpeg_tools();
  const int w = 96, h = 64;
  const Image picture = test_picture(w, h);
  const std::string dir = test::tmp_dir("virtual_camera_ffmpeg");
  {
    std::ofstream out(dir + "/in.rgb", std::ios::binary);
    out.write(reinterpret_cast<const char*>(picture.rgb.data()), static_cast<std::streamsize>(picture.rgb.size()));
  }
  const auto result =
      test::run_command("ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt rgb24 -s 96x64 -i " + dir +
                        "/in.rgb -vf scale=out_color_matrix=bt601:out_range=tv -sws_flags bilinear+accurate_rnd+full_chroma_inp"
                        " -pix_fmt yuyv422 -f rawvideo " +
                        dir + "/out.yuyv 2>&1");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  std::ifstream in(dir + "/out.yuyv", std::ios::binary);
  std::vector<uint8_t> reference((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<uint8_t> ours;
  encode_v4l2_frame(to_rgba_frame(picture), V4l2Pixels::Yuyv, ours);
  REQUIRE(reference.size() == ours.size());
  // Luma is the same formula: within 1. Chroma: ffmpeg filters it over more than the pair, so on
  // the smooth half (the top, bars aside) it agrees closely, on noise only on average.
  int luma_worst = 0;
  double chroma_smooth = 0;
  int chroma_count = 0;
  for (size_t i = 0; i < ours.size(); ++i) {
    const int d = std::abs(int(ours[i]) - int(reference[i]));
    if (i % 2 == 0)
      luma_worst = std::max(luma_worst, d);
    else if (const size_t row = i / (w * 2); row >= 8 && row < static_cast<size_t>(h / 2))
      chroma_smooth += d, ++chroma_count;
  }
  CHECK(luma_worst <= 1);
  CHECK(chroma_smooth / chroma_count < 1.5);
}

TEST_CASE("virtual camera: RGB24 and BGR24 for devices that insist on them") {
  const RgbaFrame frame = to_rgba_frame(test_picture(12, 8));
  std::vector<uint8_t> rgb, bgr;
  encode_v4l2_frame(frame, V4l2Pixels::Rgb24, rgb);
  encode_v4l2_frame(frame, V4l2Pixels::Bgr24, bgr);
  REQUIRE(rgb.size() == 12 * 8 * 3);
  for (int i = 0; i < 96; ++i) {
    CHECK(rgb[i * 3] == frame.data[i * 4]);
    CHECK(bgr[i * 3] == frame.data[i * 4 + 2]);
    CHECK(bgr[i * 3 + 2] == frame.data[i * 4]);
  }
}

TEST_CASE("virtual camera: a path that is not a v4l2 output device is one line naming the modprobe command") {
  const std::string missing = error_of("/dev/video-livedream-missing");
  CHECK(missing.find("no such device") != std::string::npos);
  CHECK(missing.find("modprobe v4l2loopback exclusive_caps=1 card_label=livedream") != std::string::npos);
  const std::string dir = test::tmp_dir("virtual_camera_errors");
  std::ofstream(dir + "/file") << "x";
  const std::string file = error_of(dir + "/file");
  CHECK(file.find("is not a device") != std::string::npos);
  CHECK(file.find("modprobe v4l2loopback") != std::string::npos);
  const std::string null = error_of("/dev/null");  // a character device, but not v4l2
  CHECK(null.find("is not a v4l2 video device") != std::string::npos);
  CHECK(null.find("modprobe v4l2loopback") != std::string::npos);
  for (const std::string& m : {missing, file, null}) CHECK(m.find('\n') == m.rfind('\n'));  // the problem, then the fix
}

TEST_CASE("virtual camera: a device that only captures (a webcam) is refused, an output device taken") {
  auto message = [](uint32_t caps) {
    try {
      check_output_capabilities("/dev/video0", caps, "Integrated Camera");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string webcam = message(V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING);
  CHECK(webcam.find("only captures") != std::string::npos);
  CHECK(webcam.find("Integrated Camera") != std::string::npos);
  CHECK(webcam.find("modprobe v4l2loopback") != std::string::npos);
  CHECK(message(V4L2_CAP_VIDEO_OUTPUT_MPLANE).find("multi-planar") != std::string::npos);
  CHECK(message(V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_READWRITE).empty());  // v4l2loopback without exclusive_caps
  CHECK(message(V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_READWRITE).empty());
}
