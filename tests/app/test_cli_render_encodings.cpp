// `livedream render VIDEO` on the encodings people have (test_clips.h: an edit list, HEVC, VP9 +
// Opus, MJPEG + PCM, 10-bit, NTSC, a variable rate, a phone's rotation, odd sides in 4:4:4), as a
// user runs it: to the end, exit 0, every frame, the source's exact rate and duration, the picture
// upright, the sound kept. Judged by ffprobe, and against ffmpeg's own conversion of the file.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "capture/video_probe.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/test_clips.h"

using namespace livedream;
using namespace livedream::test;

namespace {
// What a player would show: ffmpeg's own conversion of the clip to an MP4 (its defaults keep the
// stream's rate, repeating and dropping frames to keep time), counted by ffprobe.
long frames_of_ffmpeg_conversion(const std::string& clip, const std::string& out) {
  const auto r =
      run_command("ffmpeg -v error -y -nostdin -i " + shell_quote(clip) + " -an -c:v libx264 -preset ultrafast " + shell_quote(out));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return probe_video(out).frames;
}

}  // namespace

TEST_CASE("render VIDEO of each encoding people have: to the end, every frame, the source's rate, upright, with sound") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("cli_render_encodings");
  for (const std::string& name : encoding_names()) {
    const EncodingClip clip = make_encoding_clip(name, dir);
    const StreamFacts source = probe_stream(clip.path);
    INFO(name << ": " << source.output);
    const std::string out = dir + "/" + name + "-dreamt.mp4";
    const auto r = run_command(shell_quote(livedream_bin()) + " render " + shell_quote(clip.path) + " --out " + shell_quote(out) +
                               " --model " + shell_quote(model) + " --layers fire5 --step-size 0.03 --device cpu --max-dim 96");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("error") == std::string::npos);
    CHECK(r.output.find("livedream: wrote " + out + ": ") != std::string::npos);
    CHECK(r.output.find(", with sound)") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out + ".resume.png"));

    const VideoProbe made = probe_video(out);
    INFO(made.output);
    // The source's exact rate, not its average (an edit list averages 7500/299 for 25/1).
    CHECK(made.frame_rate == source.r_frame_rate);
    // Every frame: as many as ffmpeg's own conversion has, and the same duration within a frame.
    CHECK(std::abs(made.frames - frames_of_ffmpeg_conversion(clip.path, dir + "/" + name + "-ffmpeg.mp4")) <= 1);
    CHECK(std::abs(static_cast<double>(made.frames) / source.fps - source.duration_s) <= 1.0 / source.fps + 1e-6);
    // Upright as players show it: a phone's portrait clip renders portrait (96 px on its long side).
    const bool portrait = clip.rotated ? source.width > source.height : source.height > source.width;
    CHECK((portrait ? made.height : made.width) == 96);
    CHECK((portrait ? made.width < made.height : made.width > made.height));
    // The sound kept, as long as the picture.
    const AudioProbe sound = probe_audio(out);
    INFO(sound.output);
    CHECK(sound.codec == "aac");
    CHECK(sound.duration == Approx(static_cast<double>(made.frames) / source.fps).margin(0.15));
  }
}
