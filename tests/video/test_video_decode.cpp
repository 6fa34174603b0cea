// Decoding real clips made at test time: every frame, the right pixels (judged against the PNGs
// ffmpeg itself writes of the same clip), image sequences, seeking, and the failures users meet
// (a missing camera, a truncated file, a file that is not a video) as one-line errors.
#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>

#include "capture/synthetic_frames.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/scoped_env.h"
#include "support/test_env.h"
#include "video/pipe_decoder.h"
#include "video/test_clips.h"
#include "video/video_source.h"

using namespace livedream;
using namespace livedream::video;
using namespace livedream::test;
namespace fs = std::filesystem;

namespace {
// The error VideoSource::open or a read throws, or "" when none does.
std::string open_and_read_error(const std::string& input, int64_t* frames_before = nullptr) {
  try {
    auto source = VideoSource::open(input);
    Image frame;
    int64_t n = 0;
    while (source->read(frame))
      if (frames_before) *frames_before = ++n;  // also when a later read throws
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

bool one_line(const std::string& text) { return !text.empty() && text.find('\n') == std::string::npos; }

// tests/support/http_clip_server.py serving one file on 127.0.0.1, stopped when this goes.
class HttpClipServer {
 public:
  HttpClipServer(const std::string& file, const std::string& dir, double cut = 1.0) : port_file_(dir + "/port") {
    const std::string script = source_dir() + "/tests/support/http_clip_server.py";
    const auto r = run_command("python3 " + shell_quote(script) + " " + shell_quote(file) + " --port-file " + shell_quote(port_file_) +
                               " --cut " + std::to_string(cut) + " > /dev/null 2>&1 & echo $!");
    pid_ = r.output;
    for (int i = 0; i < 200 && port_.empty(); ++i) {
      std::ifstream(port_file_) >> port_;
      if (port_.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~HttpClipServer() {
    if (!pid_.empty()) run_command("kill " + pid_);
  }
  std::string url(const std::string& name) const { return "http://127.0.0.1:" + port_ + "/" + name; }
  bool listening() const { return !port_.empty(); }

 private:
  std::string port_file_, pid_, port_;
};
}  // namespace

TEST_CASE("decoding gives every frame with the pixels ffmpeg gives") {
  const std::string dir = tmp_dir("video_decode_frames");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 48, 320, 240, 25);
  const auto reference = decode_frames(clip, dir + "/png");
  REQUIRE(reference.size() == 48);
  auto source = VideoSource::open(clip);
  Image frame;
  int64_t count = 0;
  double worst = 0;
  while (source->read(frame)) {
    REQUIRE(count < 48);
    CHECK(source->position() == count);
    REQUIRE(frame.width == 320);
    REQUIRE(frame.height == 240);
    worst = std::max(worst, mean_abs_difference(frame, reference[static_cast<size_t>(count)]));
    ++count;
  }
  CHECK(count == 48);
  CHECK(worst < 0.5);
  // The frames really move: the first and last differ, so a decoder stuck on one frame fails.
  CHECK(mean_abs_difference(reference.front(), reference.back()) > 5.0);
  CHECK_FALSE(source->read(frame));  // and stays at the end
}

TEST_CASE("an image sequence is read in order at 25 fps") {
  const std::string dir = tmp_dir("video_decode_sequence");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 10, 160, 120, 25);
  fs::create_directories(dir + "/frames");
  const auto r = run_command("ffmpeg -v error -y -i " + shell_quote(clip) + " " + shell_quote(dir + "/frames/%06d.png"));
  REQUIRE(r.exit_code == 0);
  auto source = VideoSource::open(dir + "/frames/%06d.png");
  CHECK(source->info().width == 160);
  CHECK(source->info().fps == Approx(25.0));
  CHECK(source->info().frame_count == 10);
  Image frame;
  int count = 0;
  while (source->read(frame)) {
    char name[32];
    std::snprintf(name, sizeof name, "/frames/%06d.png", count + 1);   // ffmpeg numbers from 1
    CHECK(mean_abs_difference(frame, load_image(dir + name)) == 0.0);  // PNG to RGB is lossless
    ++count;
  }
  CHECK(count == 10);
}

TEST_CASE("seek and a start time go to the frame at that time") {
  const std::string dir = tmp_dir("video_decode_seek");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 48, 160, 120, 25);
  const auto reference = decode_frames(clip, dir + "/png");
  REQUIRE(reference.size() == 48);
  Image frame;
  SECTION("seek while reading") {
    auto source = VideoSource::open(clip);
    REQUIRE(source->read(frame));
    REQUIRE(source->read(frame));
    source->seek(1.0);  // frame 25
    REQUIRE(source->read(frame));
    CHECK(source->position() == 25);
    CHECK(mean_abs_difference(frame, reference[25]) < 0.5);
    CHECK(mean_abs_difference(frame, reference[24]) > 1.0);
    source->seek(0.0);
    REQUIRE(source->read(frame));
    CHECK(source->position() == 0);
    CHECK(mean_abs_difference(frame, reference[0]) < 0.5);
  }
  SECTION("open at a start time") {
    auto source = VideoSource::open(clip, 0.4);  // frame 10
    int64_t count = 0;
    REQUIRE(source->read(frame));
    CHECK(source->position() == 10);
    CHECK(mean_abs_difference(frame, reference[10]) < 0.5);
    for (count = 1; source->read(frame); ++count) {
    }
    CHECK(count == 38);
  }
  SECTION("a start past the end is a usage error") {
    CHECK_THROWS_WITH(VideoSource::open(clip, 5.0), Catch::Contains("there is nothing from 5 s on"));
  }
}

TEST_CASE("a camera that does not exist is a one-line error naming it and what is here") {
  const std::string error = open_and_read_error("camera:7");
  INFO(error);
  CHECK(one_line(error));
  CHECK(error.find("no camera /dev/video7 (camera:7): ") == 0);
  CHECK(error.find("plug one in") != std::string::npos);
  const std::string device_error = open_and_read_error("/dev/video9");
  CHECK(device_error.find("no camera /dev/video9: ") == 0);
}

TEST_CASE("a truncated video reads its frames, then fails in one line") {
  const std::string dir = tmp_dir("video_decode_truncated");
  // A keyframe every 5 frames: the first part decodes; the file then ends mid-stream.
  require_ffmpeg_tools();
  const auto made = run_command("ffmpeg -v error -y -loop 1 -framerate 25 -i " + shell_quote(shared_image("sky.jpg")) +
                                " -vf 'crop=320:240:n*4:40,format=yuv420p' -r 25 -frames:v 48 -g 5 " + shell_quote(dir + "/pan.mkv"));
  REQUIRE(made.exit_code == 0);
  const std::string cut = truncated_copy(dir + "/pan.mkv", dir + "/cut.mkv", 0.6);
  int64_t frames = -1;
  const auto start = std::chrono::steady_clock::now();
  const std::string error = open_and_read_error(cut, &frames);
  INFO(error);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  CHECK(one_line(error));
  CHECK(error.find("video file " + cut + " stopped after ") == 0);
  CHECK(error.find("File ended prematurely") != std::string::npos);
}

TEST_CASE("files that are not videos, and missing ones, are one-line errors that exit 1, as for images") {
  const std::string dir = tmp_dir("video_decode_not_video");
  std::ofstream(dir + "/notes.mp4") << "these are notes, not a video\n";
  for (const auto& [input, expected] : std::vector<std::pair<std::string, std::string>>{
           {dir + "/notes.mp4", "cannot open video file " + dir + "/notes.mp4: not a video ffmpeg can read"},
           {dir + "/missing.mp4", "cannot open video file " + dir + "/missing.mp4: no such file"},
           {dir + "/none-%04d.png", "cannot open image sequence " + dir + "/none-%04d.png: "}}) {
    INFO(input);
    try {
      VideoSource::open(input);
      FAIL("no error");
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(one_line(e.what()));
      CHECK(std::string(e.what()).find(expected) == 0);
      CHECK(e.kind() == ErrorKind::Runtime);  // exit 1, as for an unreadable image
    }
  }
  CHECK_THROWS_WITH(VideoSource::open("photo.jpg"), Catch::Contains("photo.jpg is not a video"));
}

TEST_CASE("an http stream is decoded frame by frame, and one that breaks off is a one-line error after its frames") {
  require_ffmpeg_tools();
  const std::string dir = tmp_dir("video_decode_http");
  const std::string made = make_pan_clip(dir + "/made.mp4", 24, 160, 120, 25);
  // Streamed MP4s carry their index first (faststart), so a player can start before the end.
  const std::string clip = dir + "/clip.mp4";
  REQUIRE(run_command("ffmpeg -v error -y -i " + shell_quote(made) + " -c copy -movflags +faststart " + shell_quote(clip)).exit_code == 0);
  const auto reference = decode_frames(clip, dir + "/png");
  REQUIRE(reference.size() == 24);
  {
    const HttpClipServer server(clip, dir);
    REQUIRE(server.listening());
    auto source = VideoSource::open(server.url("clip.mp4"));
    CHECK(source->info().width == 160);
    CHECK(source->info().frame_count == 24);  // an http(s) file is probed like a file
    Image frame;
    size_t count = 0;
    double worst = 0;
    while (source->read(frame)) {
      REQUIRE(count < reference.size());
      worst = std::max(worst, mean_abs_difference(frame, reference[count]));
      ++count;
    }
    CHECK(count == reference.size());
    CHECK(worst < 0.5);
  }
  // Twelve seconds: ffmpeg reads about five seconds ahead to learn the stream before the first
  // frame, so the break must come later than that for frames to come through before it.
  fs::create_directories(dir + "/cut");
  const std::string long_clip = dir + "/cut/long.mp4";
  REQUIRE(run_command("ffmpeg -v error -y -loop 1 -framerate 25 -i " + shell_quote(shared_image("sky.jpg")) +
                      " -vf 'crop=160:120:mod(n*4\\,380):40,format=yuv420p' -r 25 -frames:v 300 -g 25 -movflags +faststart " +
                      shell_quote(long_clip))
              .exit_code == 0);
  const HttpClipServer cut_server(long_clip, dir + "/cut", 0.6);  // says the whole length, sends 60%, hangs up
  REQUIRE(cut_server.listening());
  int64_t frames = -1;
  const std::string error = open_and_read_error(cut_server.url("clip.mp4"), &frames);
  INFO(error);
  CHECK(one_line(error));
  CHECK(error.find("stream " + cut_server.url("clip.mp4") + " stopped ") == 0);
  CHECK(frames > 0);  // the frames before the break came through
  CHECK(frames < 300);
}

TEST_CASE("an unreachable stream is a quick one-line runtime error") {
  require_ffmpeg_tools();
  const auto start = std::chrono::steady_clock::now();
  try {
    VideoSource::open("http://127.0.0.1:9/clip.mp4");  // the discard port: nothing listens
    FAIL("no error");
  } catch (const Error& e) {
    INFO(e.what());
    CHECK(one_line(e.what()));
    CHECK(std::string(e.what()).find("cannot open stream http://127.0.0.1:9/clip.mp4: connection refused") == 0);
    CHECK(e.kind() == ErrorKind::Runtime);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));
}

namespace {
// An ffmpeg that decodes as the real one does and then complains, as ffmpeg does about real files
// it reads whole (the rawvideo muxer about an edit list's timestamps): `extra` goes before the
// real arguments (e.g. "-t 0.4": it stops early, as a file cut short whose ffmpeg exits 0).
std::string complaining_ffmpeg(const std::string& dir, const std::string& extra) {
  const auto real = run_command("command -v ffmpeg");
  REQUIRE(real.exit_code == 0);
  std::string real_path = real.output;
  while (!real_path.empty() && (real_path.back() == '\n' || real_path.back() == '\r')) real_path.pop_back();
  const std::string wrapper = dir + "/ffmpeg";
  std::ofstream(wrapper)
      << "#!/bin/sh\n"
      << "case \"$*\" in\n"
      << "  *'-f rawvideo'*) " << shell_quote(real_path) << " " << extra << " \"$@\"; rc=$?\n"
      << "    echo 'Application provided invalid, non monotonically increasing dts to muxer in stream 0: 149 >= 146' >&2\n"
      << "    exit $rc ;;\n"
      << "  *) exec " << shell_quote(real_path) << " \"$@\" ;;\n"
      << "esac\n";
  fs::permissions(wrapper, fs::perms::owner_all);
  return wrapper;
}
}  // namespace

TEST_CASE("ffmpeg's complaints about a file it decodes whole are a warning, not a failure") {
  const std::string dir = tmp_dir("video_decode_complaints");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 20, 160, 120, 25);
  const ScopedEnv ffmpeg("LIVEDREAM_FFMPEG", complaining_ffmpeg(dir, ""));
  auto source = VideoSource::open(clip);
  Image frame;
  int64_t count = 0;
  std::string error;
  try {
    while (source->read(frame)) ++count;
  } catch (const Error& e) {
    error = e.what();
  }
  CHECK(error.empty());
  CHECK(count == 20);
  CHECK(source->warning() ==
        "video file " + clip +
            ": ffmpeg said: Application provided invalid, non monotonically increasing dts to muxer in stream 0: 149 >= 146");
  // A seek starts a new decode whose end is judged the same way.
  source->seek(0.4);
  count = 0;
  CHECK_NOTHROW([&] {
    while (source->read(frame)) ++count;
  }());
  CHECK(count == 10);
}

TEST_CASE("a decode that ends clean but clearly short, with complaints, is a file cut short") {
  const std::string dir = tmp_dir("video_decode_short");
  const std::string clip = make_pan_clip(dir + "/pan.mp4", 40, 160, 120, 25);
  const ScopedEnv ffmpeg("LIVEDREAM_FFMPEG", complaining_ffmpeg(dir, "-t 0.4"));  // 10 of 40 frames, exit 0
  int64_t frames = -1;
  const std::string error = open_and_read_error(clip, &frames);
  INFO(error);
  CHECK(frames == 10);
  CHECK(one_line(error));
  CHECK(error.rfind("video file " + clip + " stopped after 10 frames: 30 of its frames are missing (ffmpeg: Application provided", 0) == 0);
}

TEST_CASE("frames_missing: a frame or two short is rounding, more with complaints is a cut") {
  CHECK_FALSE(frames_missing(150, 150, true));
  CHECK_FALSE(frames_missing(148, 150, true));  // the duration's rounding
  CHECK(frames_missing(140, 150, true));
  CHECK_FALSE(frames_missing(140, 150, false));  // a quiet ffmpeg: the metadata overstated the length
  CHECK_FALSE(frames_missing(10, -1, true));     // unknown length (a stream)
  CHECK_FALSE(frames_missing(980, 1000, true));  // 2% of a long file
  CHECK(frames_missing(970, 1000, true));
}
