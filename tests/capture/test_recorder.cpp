#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "capture/encoder_factory.h"
#include "capture/ffmpeg_encoder.h"
#include "capture/ffmpeg_process.h"
#include "capture/recorder.h"
#include "core/rgba_frame.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::capture;
using livedream::test::ScopedEnv;
namespace fs = std::filesystem;

namespace {
// Records what it is given; can be slowed down or made to fail like a full disk.
struct FakeEncoder : VideoEncoder {
  struct Log {
    std::atomic<int> written{0};
    std::atomic<bool> finished{false};
  };
  std::shared_ptr<Log> log = std::make_shared<Log>();
  int fail_at = -1;  // write number that throws (0-based); -1: never
  bool fail_finish = false;
  std::chrono::milliseconds delay{0};

  void write(const Image&) override {
    std::this_thread::sleep_for(delay);
    if (log->written == fail_at) throw runtime_error("writing frame failed: No space left on device", "free disk space");
    ++log->written;
  }
  void finish() override {
    log->finished = true;
    if (fail_finish) throw runtime_error("closing the file failed: Input/output error", "");
  }
  std::string target() const override { return "fake.mp4"; }
};

// Records `frames` synthetic frames into `out` through the whole stack: factory, recorder, encoder.
RecorderStats record(const std::string& out, int frames, int width, int height, int fps, std::string* notice = nullptr,
                     bool noise = false) {
  EncoderRequest request;
  request.spec = parse_output(out);
  request.fps = fps;
  auto opened = open_encoder(request);
  if (notice) *notice = opened.notice;
  Recorder recorder(std::move(opened.encoder), fps, 4);
  for (int i = 0; i < frames; ++i)
    if (!recorder.submit_wait(to_rgba_frame(noise ? test::noise_frame(width, height, i) : test::synthetic_frame(width, height, i)))) break;
  return recorder.stop();
}
}  // namespace

TEST_CASE("the recorder writes every frame it is given and finishes the file") {
  auto encoder = std::make_unique<FakeEncoder>();
  auto log = encoder->log;
  Recorder recorder(std::move(encoder), 30, 8);
  for (int i = 0; i < 20; ++i) CHECK(recorder.submit_wait(to_rgba_frame(test::synthetic_frame(8, 8, i))));
  const auto stats = recorder.stop();
  CHECK(stats.frames_written == 20);
  CHECK(stats.frames_dropped == 0);
  CHECK(stats.error.empty());
  CHECK_FALSE(stats.running);
  CHECK(stats.video_s == Approx(20.0 / 30));
  CHECK(log->finished);
  CHECK(recorder.stop().frames_written == 20);  // a second stop is harmless
}

TEST_CASE("a slow encoder drops and counts frames, the producer never waits") {
  auto encoder = std::make_unique<FakeEncoder>();
  encoder->delay = std::chrono::milliseconds(30);
  Recorder recorder(std::move(encoder), 30, 2);
  const auto start = std::chrono::steady_clock::now();
  int accepted = 0;
  for (int i = 0; i < 20; ++i) accepted += recorder.submit(to_rgba_frame(test::synthetic_frame(8, 8, i)));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(25));
  const auto stats = recorder.stop();
  CHECK(stats.frames_dropped > 0);
  CHECK(stats.frames_dropped == 20 - accepted);
  CHECK(stats.frames_written == accepted);
}

TEST_CASE("a write error stops the recording with a message, keeps what was written and never throws") {
  auto encoder = std::make_unique<FakeEncoder>();
  encoder->fail_at = 3;
  auto log = encoder->log;
  Recorder recorder(std::move(encoder), 30, 4);
  int accepted = 0;
  for (int i = 0; i < 50; ++i) accepted += recorder.submit_wait(to_rgba_frame(test::synthetic_frame(8, 8, i)));
  CHECK(accepted < 50);  // the recording refused frames once it had stopped
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(recorder.stats().running);
  CHECK(recorder.stats().error.find("No space left on device") != std::string::npos);
  CHECK_FALSE(recorder.submit(to_rgba_frame(test::synthetic_frame(8, 8, 0))));
  const auto stats = recorder.stop();
  CHECK(stats.frames_written == 3);
  CHECK(log->finished);  // ffmpeg's input is closed even after a failure: it completes the file
  CHECK(stats.error.find('\n') == std::string::npos);
}

TEST_CASE("a failure while finishing the file is reported") {
  auto encoder = std::make_unique<FakeEncoder>();
  encoder->fail_finish = true;
  Recorder recorder(std::move(encoder), 30, 4);
  recorder.submit_wait(to_rgba_frame(test::synthetic_frame(8, 8, 0)));
  CHECK(recorder.stop().error.find("Input/output error") != std::string::npos);
}

TEST_CASE("an MP4 recording of N frames has exactly N frames, the size and the fps asked for") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("record_mp4");
  const auto stats = record(dir + "/rec.mp4", 12, 96, 64, 24);
  INFO(stats.error);
  REQUIRE(stats.error.empty());
  CHECK(stats.frames_written == 12);
  test::check_h264_video(test::probe_video(dir + "/rec.mp4"), 12, 96, 64, 24);
  const auto frames = test::decode_frames(dir + "/rec.mp4", dir + "/decoded");
  REQUIRE(frames.size() == 12);
  // What went in comes out (up to H.264 loss), and the first and last frames differ.
  CHECK(test::mean_abs_difference(frames.front(), test::synthetic_frame(96, 64, 0)) < 8.0);
  CHECK(test::mean_abs_difference(frames.back(), test::synthetic_frame(96, 64, 11)) < 8.0);
  CHECK(test::mean_abs_difference(frames.front(), frames.back()) > 20.0);
}

TEST_CASE("odd-sized frames make an MP4 padded to even sides") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("record_mp4_odd");
  const auto stats = record(dir + "/odd.mp4", 3, 97, 63, 30);
  REQUIRE(stats.error.empty());
  const auto probe = test::probe_video(dir + "/odd.mp4");
  INFO(probe.output);
  CHECK(probe.frames == 3);
  CHECK(probe.width == 98);
  CHECK(probe.height == 64);
}

TEST_CASE("a GIF recording has every frame") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("record_gif");
  const auto stats = record(dir + "/rec.gif", 6, 48, 32, 10);
  INFO(stats.error);
  REQUIRE(stats.error.empty());
  const auto probe = test::probe_video(dir + "/rec.gif");
  INFO(probe.output);
  CHECK(probe.codec == "gif");
  CHECK(probe.frames == 6);
  CHECK(probe.width == 48);
  CHECK(probe.height == 32);
}

TEST_CASE("a PNG sequence recording numbers its files and tags each with its frame number") {
  const std::string dir = test::tmp_dir("record_png");
  EncoderRequest request;
  request.spec = parse_output(dir + "/seq/f-%03d.png");
  request.first_number = 5;
  request.png_text = {{"livedream", "{}"}};
  auto opened = open_encoder(request);
  CHECK(opened.notice.empty());
  Recorder recorder(std::move(opened.encoder), 30, 4);
  for (int i = 0; i < 3; ++i) recorder.submit_wait(to_rgba_frame(test::synthetic_frame(9, 7, i)));
  REQUIRE(recorder.stop().error.empty());
  for (int n : {5, 6, 7}) {
    const std::string path = dir + "/seq/f-00" + std::to_string(n) + ".png";
    REQUIRE(fs::exists(path));
    auto text = read_png_text(path);
    CHECK(text["livedream-frame"] == std::to_string(n));
    CHECK(text["livedream"] == "{}");
  }
  CHECK(load_image(dir + "/seq/f-007.png").rgb == test::synthetic_frame(9, 7, 2).rgb);
}

TEST_CASE("without ffmpeg on PATH a recording becomes a PNG sequence with a one-line notice") {
  const std::string dir = test::tmp_dir("record_no_ffmpeg");
  const std::string empty_path = test::tmp_dir("record_no_ffmpeg_path");
  ScopedEnv path("PATH", empty_path);
  std::string notice;
  const auto stats = record(dir + "/rec.mp4", 4, 16, 16, 30, &notice);
  INFO(notice);
  CHECK(stats.error.empty());
  CHECK(notice.find("ffmpeg not found in PATH") == 0);
  CHECK(notice.find(dir + "/rec-frames") != std::string::npos);
  CHECK(notice.find('\n') == std::string::npos);
  CHECK(fs::exists(dir + "/rec-frames/frame-000003.png"));
  CHECK_FALSE(fs::exists(dir + "/rec.mp4"));
}

TEST_CASE("LIVEDREAM_FFMPEG names the ffmpeg to use, a missing one means the PNG fallback") {
  ScopedEnv env("LIVEDREAM_FFMPEG", "/nonexistent/ffmpeg");
  CHECK(find_ffmpeg().empty());
  const std::string dir = test::tmp_dir("record_bad_ffmpeg_env");
  std::string notice;
  record(dir + "/rec.gif", 1, 16, 16, 30, &notice);
  CHECK(notice.find("ffmpeg not found at LIVEDREAM_FFMPEG=/nonexistent/ffmpeg") == 0);
  CHECK(fs::exists(dir + "/rec-frames/frame-000000.png"));
}

TEST_CASE("an unwritable output folder is a one-line error before any frame") {
  for (const std::string out : {"/sys/livedream-test.mp4", "/sys/livedream-test.gif", "/sys/livedream-frames/"}) {
    INFO(out);
    EncoderRequest request;
    request.spec = parse_output(out);
    try {
      open_encoder(request);
      FAIL("opened");
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(e.exit_code() == 1);
      CHECK((std::string(e.what()).find("cannot write to folder /sys") != std::string::npos ||
             std::string(e.what()).find("cannot create folder /sys/livedream-frames") != std::string::npos));
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
  // The same checks without opening anything (the render command runs them before loading a model).
  CHECK_THROWS_WITH(check_output(parse_output("/sys/livedream-test.mp4")), Catch::Contains("cannot write to folder /sys"));
  CHECK_THROWS_WITH(check_output(parse_output("/sys/livedream-frames/")), Catch::Contains("cannot write to folder /sys"));
  CHECK_NOTHROW(check_output(parse_output(test::tmp_dir("record_check_output") + "/new-frames/")));
  EncoderRequest missing;
  missing.spec = parse_output(test::tmp_dir("record_missing_parent") + "/no/such/dream.mp4");
  CHECK_THROWS_WITH(open_encoder(missing), Catch::Contains("output folder does not exist"));
}

TEST_CASE("a full disk (/dev/full) stops an MP4 recording with a message and no crash") {
  test::require_ffmpeg_tools();
  const std::string dir = test::tmp_dir("record_dev_full");
  fs::create_symlink("/dev/full", dir + "/full.mp4");
  const auto stats = record(dir + "/full.mp4", 200, 96, 64, 30);
  INFO(stats.error);
  CHECK(stats.error.find("disk full while writing " + dir + "/full.mp4") == 0);
  CHECK(stats.error.find('\n') == std::string::npos);
  CHECK(stats.frames_written < 200);
}

TEST_CASE("a file size limit mid-recording keeps a playable MP4 and a message") {
  test::require_ffmpeg_tools();
  // Noise fills the limit while frames are still coming; smooth frames hit it only when ffmpeg
  // writes the end of the file, where ffmpeg 5 reports the error but still exits 0.
  const bool noise = GENERATE(true, false);
  INFO("noise " << noise);
  const std::string dir = test::tmp_dir("record_fsize");
  const std::string out = dir + "/cut.mp4";
  const long limit = noise ? 60'000 : 20'000;
  const int code = test::run_with_file_size_limit(limit, [&] {
    const auto stats = record(out, 300, 96, 64, 30, nullptr, noise);
    std::fprintf(stderr, "child: error=[%s] written=%lld\n", stats.error.c_str(), static_cast<long long>(stats.frames_written));
    return stats.error.find("file size limit reached while writing") != std::string::npos ? 0 : 1;
  });
  CHECK(code == 0);
  const auto probe = test::probe_video(out);
  INFO(probe.output);
  CHECK(probe.frames > 0);
  CHECK(probe.frames < 300);
}

TEST_CASE("a full disk stops a PNG sequence recording with a message and no crash") {
  const std::string dir = test::tmp_dir("record_png_fsize");
  const int code = test::run_with_file_size_limit(10'000, [&] {
    const auto stats = record(dir + "/frames/", 50, 96, 64, 30, nullptr, /*noise=*/true);
    std::fprintf(stderr, "child: error=[%s] written=%lld\n", stats.error.c_str(), static_cast<long long>(stats.frames_written));
    return stats.error.find("File too large") != std::string::npos ? 0 : 1;
  });
  CHECK(code == 0);
  // Frames written before the failure are whole PNGs; no temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir + "/frames")) {
    INFO(e.path());
    CHECK(e.path().extension() == ".png");
    CHECK_NOTHROW(load_image(e.path().string()));
  }
}
