// The encodings people have, made from the shared real footage (test_clips.h): each decodes to
// its end without an error, at the stream's own rate (r_frame_rate, not the average that an edit
// list or a variable rate makes odd), with as many frames as its duration holds, upright as players
// show it, with the pixels ffmpeg itself gives. Judged against ffprobe and ffmpeg, not our code.
#include <cmath>
#include <filesystem>

#include "capture/synthetic_frames.h"
#include "capture/video_probe.h"
#include "core/error.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/test_clips.h"
#include "video/video_source.h"

using namespace livedream;
using namespace livedream::video;
using namespace livedream::test;

namespace {
// Frame `n` of `clip` as ffmpeg writes it to a PNG with its defaults (rotation applied, as a
// player shows it), picked on the stream's rate grid as a player shows frame n.
Image ffmpeg_frame(const std::string& clip, const std::string& rate, int n, const std::string& png) {
  const auto r = run_command("ffmpeg -v error -y -nostdin -i " + shell_quote(clip) + " -vf " +
                             shell_quote("fps=" + rate + ",select=eq(n\\," + std::to_string(n) + ")") + " -frames:v 1 -pix_fmt rgb24 " +
                             shell_quote(png));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return load_image(png);
}
}  // namespace

TEST_CASE("the encodings people have decode to their end at their own rate, upright, with ffmpeg's pixels") {
  const std::string dir = tmp_dir("video_encodings");
  for (const std::string& name : encoding_names()) {
    const EncodingClip clip = make_encoding_clip(name, dir);
    const StreamFacts facts = probe_stream(clip.path);
    INFO(name << ": " << facts.output);
    REQUIRE(facts.fps > 0);
    REQUIRE(facts.duration_s > 0);

    std::unique_ptr<VideoSource> source;
    REQUIRE_NOTHROW(source = VideoSource::open(clip.path));
    const VideoInfo& info = source->info();
    CHECK(info.frame_rate == facts.r_frame_rate);
    CHECK(info.has_audio);
    // Upright as players show it: a phone's portrait clip comes out portrait.
    CHECK(info.width == (clip.rotated ? facts.height : facts.width));
    CHECK(info.height == (clip.rotated ? facts.width : facts.height));

    Image frame, first, middle;
    int64_t count = 0;
    const int middle_index = static_cast<int>(facts.duration_s * facts.fps / 2);
    std::string error;
    try {
      while (source->read(frame)) {
        CHECK(source->position() == count);
        if (count == 0) first = frame;
        if (count == middle_index) middle = frame;
        ++count;
      }
    } catch (const Error& e) {
      error = e.what();
    }
    INFO("warning: " << source->warning());
    CHECK(error.empty());
    // Every frame: the duration, on the stream's rate, within a frame.
    CHECK(std::abs(static_cast<double>(count) / facts.fps - facts.duration_s) <= 1.0 / facts.fps + 1e-6);
    CHECK(std::abs(count - info.frame_count) <= 1);
    REQUIRE(!first.empty());
    REQUIRE(!middle.empty());
    CHECK(first.width == info.width);
    CHECK(first.height == info.height);
    // The pictures ffmpeg gives for the same instants (rotation included).
    CHECK(mean_abs_difference(first, ffmpeg_frame(clip.path, facts.r_frame_rate, 0, dir + "/" + name + "-0.png")) < 1.0);
    CHECK(mean_abs_difference(middle, ffmpeg_frame(clip.path, facts.r_frame_rate, middle_index, dir + "/" + name + "-m.png")) < 1.0);
    // Footage that moves: a decoder stuck on one picture would pass the rest.
    CHECK(mean_abs_difference(first, middle) > 1.0);
  }
}
