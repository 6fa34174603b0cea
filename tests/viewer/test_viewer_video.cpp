// The viewer on a video file under a display (Xvfb here): it plays the file, dreams its frames
// one after the other, a screenshot shows a dreamt frame of the moving picture, and a recording
// (--record, as F9) holds the dreamt video.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "capture/video_probe.h"
#include "core/file_io.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/test_clips.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;

TEST_CASE("the viewer plays a video file and dreams its frames as they come") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_video");
  // A pan over the photo: 4 px to the right every frame, 25 fps, 2 s.
  const std::string photo = shared_image("sky.jpg");
  const std::string clip = dir + "/pan.mp4";
  const auto made = run_command("ffmpeg -v error -y -loop 1 -i " + shell_quote(photo) +
                                " -vf \"crop=192:128:'n*4':80,format=yuv420p\" -r 25 -frames:v 50 " + shell_quote(clip));
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  const auto first = run_command("ffmpeg -v error -y -i " + shell_quote(clip) + " -frames:v 1 " + shell_quote(dir + "/first.png"));
  REQUIRE(first.exit_code == 0);

  const auto r =
      run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " + shell_quote(clip) +
                  " --model " + shell_quote(model) +
                  " --layers fire5 --step-size 0.03 --max-dim 192 --schedule async --quit-after-steps 60"
                  " --width 900 --height 600 --screenshot-dream " +
                  dir + "/dream.png --stats-json " + dir + "/stats.json" + " --record --captures " + shell_quote(dir + "/captures"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(read_file_text(dir + "/stats.json", "stats"));
  INFO(stats.dump().substr(0, 1500));
  // The file played: the dream started from several of its frames, not from the first alone.
  CHECK(stats.at("video").at("frames_dreamt").get<int64_t>() >= 3);
  // F9 (--record) records a video session in the source's time: at its 25 fps, every tick of the
  // source's clock a frame (the dream shown then), however fast the steps came.
  const json& rec = stats.at("recording");
  CHECK(rec.at("timing").get<std::string>() == "25 fps, source time");  // the clip has no sound
  CHECK(rec.at("fps").get<double>() == 25.0);
  const double seconds = rec.at("seconds").get<double>();
  CHECK(std::abs(rec.at("frames").get<double>() - seconds * 25) <= 25 * 0.5 + 2);
  CHECK(std::filesystem::file_size(rec.at("file").get<std::string>()) > 1000);
  const auto rate = run_command("ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 " +
                                shell_quote(rec.at("file").get<std::string>()));
  CHECK(rate.output == "25/1\n");

  const Image dream = load_image(dir + "/dream.png");
  const Image source = load_image(dir + "/first.png");
  REQUIRE(dream.width == 192);
  REQUIRE(dream.height == 128);
  // A dreamt frame of this video: close to the footage, yet not the footage itself.
  const double from_first = mean_abs_difference(dream, source);
  CHECK(from_first > 3.0);
  CHECK(from_first < 70.0);
}

TEST_CASE("the viewer plays each encoding people have to its end and loops it, with no error") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_video_encodings");
  for (const std::string& name : encoding_names()) {
    const EncodingClip clip = make_encoding_clip(name, dir);
    INFO(name);
    const std::string stats_file = dir + "/" + name + "-stats.json";
    // Each clip is about a second long; the run lasts several (display frames at up to 60 a second).
    const auto r = run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " +
                               shell_quote(clip.path) + " --model " + shell_quote(model) +
                               " --layers fire5 --step-size 0.03 --max-dim 96 --frames 240 --width 640 --height 400 --stats-json " +
                               shell_quote(stats_file));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("error") == std::string::npos);
    const json stats = json::parse(read_file_text(stats_file, "stats"));
    INFO(stats.dump().substr(0, 1500));
    CHECK(stats.at("errors").empty());
    const json& video = stats.at("video");
    CHECK(video.at("open").get<bool>());  // still playing: a failure closes it
    CHECK(video.at("times_looped").get<int64_t>() >= 1);
    CHECK(video.at("frames_dreamt").get<int64_t>() >= 3);
  }
}

TEST_CASE("a live recording of a video with sound keeps the source's rate and its sound, and --record-timing steps one frame a step") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_video_record");
  const EncodingClip clip = make_encoding_clip("ntsc", dir);  // 30000/1001 with AAC, about a second
  auto run = [&](const std::string& extra, const std::string& name) {
    const std::string stats = dir + "/" + name + ".json";
    const auto r = run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " +
                               shell_quote(clip.path) + " --model " + shell_quote(model) +
                               " --layers fire5 --step-size 0.03 --max-dim 96 --frames 150 --width 640 --height 400 --record"
                               " --captures " +
                               shell_quote(dir + "/" + name) + " --stats-json " + shell_quote(stats) + " " + extra);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return json::parse(read_file_text(stats, "stats")).at("recording");
  };
  const json source_time = run("", "source");
  INFO(source_time.dump());
  CHECK(source_time.at("timing").get<std::string>() == "29.97 fps, source time, with sound");
  CHECK(source_time.at("sound").get<bool>());
  const std::string file = source_time.at("file").get<std::string>();
  const auto facts = probe_stream(file);
  INFO(facts.output);
  CHECK(facts.r_frame_rate == "30000/1001");
  const double seconds = source_time.at("seconds").get<double>();
  const double frames = source_time.at("frames").get<double>();
  CHECK(std::abs(frames - seconds * 30000.0 / 1001.0) <= 15 + 2);  // the wall time, within half a second
  const AudioProbe audio = probe_audio(file);
  INFO(audio.output);
  CHECK(audio.codec == "aac");
  CHECK(audio.duration == Approx(frames * 1001.0 / 30000.0).margin(0.15));

  const json steps = run("--record-timing steps", "steps");
  INFO(steps.dump());
  CHECK(steps.at("timing").get<std::string>() == "30 fps, one frame per step");
  CHECK_FALSE(steps.at("sound").get<bool>());
  CHECK(probe_stream(steps.at("file").get<std::string>()).r_frame_rate == "30/1");
}
