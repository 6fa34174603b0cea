// The latest-frame reader the viewer uses: only the newest frame is kept, frames nobody took are
// dropped and counted, files are paced at their rate, and the end or an error is a status value.
#include <chrono>
#include <memory>
#include <thread>

#include "capture/synthetic_frames.h"
#include "capture/video_probe.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/latest_frame_reader.h"
#include "video/test_clips.h"

using namespace livedream;
using namespace livedream::video;
using namespace livedream::test;
using Clock = std::chrono::steady_clock;

namespace {
// Polls until `done` or the time is up; true when done.
template <typename F>
bool wait_for(F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}
}  // namespace

TEST_CASE("frames nobody takes are dropped and counted, the newest one waits") {
  const std::string dir = tmp_dir("video_reader_drops");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 48, 160, 120, 25);
  const auto reference = decode_frames(clip, dir + "/png");
  LatestFrameOptions options;
  options.pace = false;
  LatestFrameReader reader(VideoSource::open(clip), options);
  REQUIRE(wait_for([&] { return reader.status().state == ReaderStatus::State::Ended; }));
  const auto status = reader.status();
  CHECK(status.frames_read == 48);
  CHECK(status.frames_dropped == 47);
  CHECK(status.frames_taken == 0);
  CHECK(status.error.empty());
  Image frame;
  int64_t position = -1;
  REQUIRE(reader.take(frame, &position));
  CHECK(position == 47);
  CHECK(mean_abs_difference(frame, reference.back()) < 0.5);
  CHECK_FALSE(reader.take(frame));  // nothing newer
  CHECK(reader.status().frames_taken == 1);
}

TEST_CASE("a file is paced at its frame rate and a consumer that keeps up loses nothing") {
  const std::string dir = tmp_dir("video_reader_paced");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 20, 160, 120, 25);  // 0.8 s
  const auto start = Clock::now();
  LatestFrameReader reader(VideoSource::open(clip));
  Image frame;
  int64_t position = -1, last = -1, taken = 0;
  for (bool running = true; running;) {
    running = reader.status().state == ReaderStatus::State::Running;  // before the take: none is missed
    if (reader.take(frame, &position)) {
      CHECK(position > last);
      last = position;
      ++taken;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(elapsed > 0.7);  // 19 frame times at 25 fps, not as fast as it decodes
  CHECK(last == 19);
  CHECK(taken + reader.status().frames_dropped == 20);
  CHECK(reader.status().frames_dropped <= 2);
}

TEST_CASE("pause, loop and seek act on a running reader") {
  const std::string dir = tmp_dir("video_reader_requests");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 10, 160, 120, 25);
  LatestFrameOptions options;
  options.pace = false;
  options.loop = true;
  LatestFrameReader reader(VideoSource::open(clip), options);
  // Looping: more frames than the file has, and never Ended.
  REQUIRE(wait_for([&] { return reader.status().frames_read > 25; }));
  CHECK(reader.status().state == ReaderStatus::State::Running);
  CHECK(reader.status().loops);
  reader.set_paused(true);
  CHECK(reader.status().state == ReaderStatus::State::Paused);
  // A read in flight (at the loop point, a new ffmpeg starting) may still finish.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const int64_t paused_at = reader.status().frames_read;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(reader.status().frames_read == paused_at);
  // A seek while paused shows the frame sought once resumed; without loop the file then ends.
  reader.set_loop(false);
  reader.seek(0.2);  // frame 5
  reader.set_paused(false);
  REQUIRE(wait_for([&] { return reader.status().state == ReaderStatus::State::Ended; }));
  CHECK(reader.status().position == 9);
  Image frame;
  int64_t position = -1;
  REQUIRE(reader.take(frame, &position));
  CHECK(position == 9);
  // A seek resumes an ended file.
  reader.seek(0.0);
  REQUIRE(wait_for([&] { return reader.status().state == ReaderStatus::State::Ended && reader.take(frame, &position); }));
  CHECK(position == 9);
}

TEST_CASE("a truncated file ends the reader with its one-line error as a value") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("video_reader_truncated");
  const auto made = run_command("ffmpeg -v error -y -loop 1 -framerate 25 -i " + shell_quote(shared_image("sky.jpg")) +
                                " -vf 'crop=160:120:n*4:40,format=yuv420p' -r 25 -frames:v 48 -g 5 " + shell_quote(dir + "/pan.mkv"));
  REQUIRE(made.exit_code == 0);
  LatestFrameOptions options;
  options.pace = false;
  LatestFrameReader reader(VideoSource::open(truncated_copy(dir + "/pan.mkv", dir + "/cut.mkv", 0.6)), options);
  REQUIRE(wait_for([&] { return reader.status().state == ReaderStatus::State::Failed; }));
  const auto status = reader.status();
  INFO(status.error);
  CHECK(status.error.find("stopped after ") != std::string::npos);
  CHECK(status.error.find('\n') == std::string::npos);
  CHECK(status.frames_read > 0);
  CHECK(status.frames_read < 48);
}

TEST_CASE("destroying a reader stops it at once, even mid-file") {
  const std::string dir = tmp_dir("video_reader_stop");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 48, 160, 120, 25);
  auto reader = std::make_unique<LatestFrameReader>(VideoSource::open(clip));  // paced: 2 s to the end
  REQUIRE(wait_for([&] { return reader->status().frames_read > 2; }));
  CHECK(reader->status().state == ReaderStatus::State::Running);
  const auto start = Clock::now();
  reader.reset();
  CHECK(Clock::now() - start < std::chrono::milliseconds(1000));
}
