// Which names are videos, and the facts ffprobe gives of real clips made at test time.
#include <filesystem>
#include <fstream>

#include "capture/video_probe.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/camera_list.h"
#include "video/ffprobe_facts.h"
#include "video/input_kind.h"
#include "video/test_clips.h"
#include "video/video_source.h"

using namespace livedream;
using namespace livedream::video;
using namespace livedream::test;
namespace fs = std::filesystem;

TEST_CASE("inputs are classified by name alone") {
  struct Case {
    const char* input;
    InputKind kind;
  };
  const Case cases[] = {
      {"clip.mp4", InputKind::File},
      {"dir/Clip.MKV", InputKind::File},
      {"a.avi", InputKind::File},
      {"anim.gif", InputKind::File},
      {"x.webm", InputKind::File},
      {"photo.jpg", InputKind::NotVideo},
      {"photo.png", InputKind::NotVideo},
      {"clouds", InputKind::NotVideo},
      {"clouds:640x480", InputKind::NotVideo},
      {"frames/%06d.png", InputKind::ImageSequence},
      {"shot-%d.jpg", InputKind::ImageSequence},
      {"100%.png", InputKind::NotVideo},
      {"rtsp://cam.local/live", InputKind::Stream},
      {"RTMP://host/app", InputKind::Stream},
      {"https://example.com/v/clip.mp4?x=1", InputKind::Stream},
      {"http://host/live.m3u8", InputKind::Stream},
      {"https://example.com/photo.jpg", InputKind::NotVideo},
      {"https://example.com/", InputKind::NotVideo},
      {"camera", InputKind::Camera},
      {"camera:2", InputKind::Camera},
      {"/dev/video1", InputKind::Camera},
      {"camera:x", InputKind::NotVideo},
      {"camera:123456789012", InputKind::NotVideo},
      {"/dev/videos", InputKind::NotVideo},
      {"my.mp4.d/x.png", InputKind::NotVideo},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    CHECK(classify_input(c.input) == c.kind);
    CHECK(is_video_input(c.input) == (c.kind != InputKind::NotVideo));
  }
  CHECK(camera_device("camera") == "/dev/video0");
  CHECK(camera_device("camera:3") == "/dev/video3");
  CHECK(camera_device("/dev/video2") == "/dev/video2");
  CHECK(camera_device("clip.mp4").empty());
  CHECK(is_live_kind(InputKind::Camera, "camera"));
  CHECK(is_live_kind(InputKind::Stream, "rtsp://x/y"));
  CHECK_FALSE(is_live_kind(InputKind::Stream, "https://x/clip.mp4"));
  CHECK_FALSE(is_live_kind(InputKind::File, "clip.mp4"));
}

TEST_CASE("ffprobe facts of made clips: size, rate, frame count, duration, audio") {
  const std::string dir = tmp_dir("video_probe_facts");
  SECTION("MP4 without audio") {
    const auto source = VideoSource::open(make_pan_clip(dir + "/pan.mp4", 48, 320, 240, 25));
    const auto& info = source->info();
    CHECK(info.width == 320);
    CHECK(info.height == 240);
    CHECK(info.fps == Approx(25.0));
    CHECK(info.frame_rate == "25/1");
    CHECK(info.frame_count == 48);
    CHECK(info.duration_s == Approx(1.92).margin(0.01));
    CHECK_FALSE(info.has_audio);
    CHECK_FALSE(info.live);
    CHECK(info.name == dir + "/pan.mp4");
  }
  SECTION("MKV with audio, another rate and an odd size") {
    const auto source = VideoSource::open(make_pan_clip_with_audio(dir + "/tone.mkv", 30, 161, 99, 15));
    const auto& info = source->info();
    CHECK(info.width == 161);
    CHECK(info.height == 99);
    CHECK(info.fps == Approx(15.0));
    CHECK(info.frame_count == 30);  // MKV has no count: duration x rate
    CHECK(info.has_audio);
  }
  SECTION("GIF") {
    const auto source = VideoSource::open(make_pan_clip(dir + "/anim.gif", 12, 80, 60, 10));
    CHECK(source->info().width == 80);
    CHECK(source->info().frame_count == 12);
    CHECK(source->info().fps == Approx(10.0));
  }
}

TEST_CASE("ffprobe JSON without a video stream, or with a rotation, is read right") {
  CHECK_THROWS_WITH(parse_probe_json(R"({"streams":[{"codec_type":"audio"}],"format":{}})", "song.mp4"),
                    Catch::Contains("song.mp4 has no video stream"));
  const auto rotated = parse_probe_json(
      R"({"streams":[{"codec_type":"video","width":640,"height":360,"avg_frame_rate":"30000/1001",
          "side_data_list":[{"rotation":-90}],"duration":"2.0","nb_frames":"60"}]})",
      "phone.mp4");
  CHECK(rotated.width == 360);
  CHECK(rotated.height == 640);
  CHECK(rotated.fps == Approx(29.97).margin(0.01));
  CHECK(rotated.frame_rate == "30000/1001");
  CHECK(rotated.frame_count == 60);
  // An edit list hides packets the container still counts: the count follows duration x rate.
  const auto cut = parse_probe_json(
      R"({"streams":[{"codec_type":"video","width":480,"height":360,"avg_frame_rate":"10/1","duration":"12.3","nb_frames":"171"}]})",
      "cut.mp4");
  CHECK(cut.frame_count == 123);
}

TEST_CASE("the real campus clip probes as 480x360 at 10 fps with audio") {
  const std::string campus = shared_dir() + "/videos/campus.mp4";
  if (!fs::exists(campus)) LIVEDREAM_SKIP("needs ../shared/videos/campus.mp4");
  require_ffmpeg_tools();
  const auto source = VideoSource::open(campus);
  CHECK(source->info().width == 480);
  CHECK(source->info().height == 360);
  CHECK(source->info().fps == Approx(10.0));
  CHECK(source->info().has_audio);
  CHECK(source->info().frame_count >= 118);
  CHECK(source->info().frame_count <= 125);
}

TEST_CASE("cameras are listed from /dev/video* with their sysfs names") {
  const std::string root = tmp_dir("video_camera_list");
  fs::create_directories(root + "/dev");
  fs::create_directories(root + "/sys/class/video4linux/video0");
  fs::create_directories(root + "/sys/class/video4linux/video1");
  fs::create_directories(root + "/sys/class/video4linux/video10");
  for (const char* node : {"video0", "video1", "video10", "videox", "vide", "null"}) std::ofstream(root + "/dev/" + node);
  std::ofstream(root + "/sys/class/video4linux/video0/name") << "Integrated Camera: Integrated C\n";
  std::ofstream(root + "/sys/class/video4linux/video0/index") << "0\n";
  std::ofstream(root + "/sys/class/video4linux/video1/name") << "Integrated Camera: Integrated C\n";
  std::ofstream(root + "/sys/class/video4linux/video1/index") << "1\n";
  const auto cameras = list_cameras(root);
  REQUIRE(cameras.size() == 3);
  CHECK(cameras[0].number == 0);
  CHECK(cameras[0].device == root + "/dev/video0");
  CHECK(cameras[0].name == "Integrated Camera: Integrated C");
  CHECK(cameras[0].capture_node);
  CHECK(cameras[1].number == 1);
  CHECK_FALSE(cameras[1].capture_node);
  CHECK(cameras[2].number == 10);  // numeric order, not text order
  CHECK(cameras[2].name.empty());
  CHECK(list_cameras(root + "/nowhere").empty());
}
