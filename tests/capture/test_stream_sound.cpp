// A stream's sound (issue 26): the sound follows the picture (capture/audio_follower), a video's
// track decoded for it (capture/audio_track), and a stream that carries it, read back by ffmpeg:
// the source's 440 Hz tone while the picture moves, silence while it stands still.
#include <chrono>
#include <algorithm>
#include <thread>
#include <vector>

#include "capture/audio_follower.h"
#include "capture/audio_track.h"
#include "capture/paced_output.h"
#include "capture/stream_sink.h"
#include "capture/synthetic_frames.h"
#include "capture/tone_clip.h"
#include "core/child_process.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::capture;
using namespace livedream::test;

TEST_CASE("stream sound: the sound plays on while the picture moves, waits while it stands, jumps with it") {
  AudioFollower follower(0.04);
  CHECK_FALSE(follower.next(-1));               // no source time: silence
  CHECK(*follower.next(2.0) == Approx(2.0));    // starts where the picture is
  CHECK(*follower.next(2.05) == Approx(2.04));  // then plays on from where it got to, not from each frame's time
  CHECK(*follower.next(2.07) == Approx(2.08));
  // The picture stands still (paused): the sound goes on up to the tolerance ahead, then waits.
  int played = 0;
  for (int i = 0; i < 20; ++i) played += follower.next(2.07).has_value();
  CHECK(played <= 4);
  CHECK_FALSE(follower.next(2.07));
  // The picture moves again: the sound goes on from where it waited.
  CHECK(follower.next(2.3).has_value());
  // A loop back to the start and a seek ahead: the sound jumps with the picture.
  CHECK(*follower.next(0.0) == Approx(0.0));
  CHECK(*follower.next(0.04) == Approx(0.04));
  CHECK(*follower.next(30.0) == Approx(30.0));
}

TEST_CASE("stream sound: a video's track is decoded to 48 kHz stereo, silence outside it and for a file without one") {
  const auto dir = test::tmp_dir("stream_sound_track");
  const auto clip = tone_clip(dir, 2.0, /*with_picture=*/false);
  AudioTrack track(find_ffmpeg(), clip);
  for (int i = 0; i < 1000 && !track.ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(track.ready());
  CHECK(track.seconds() == Approx(2.0).margin(0.06));
  std::vector<int16_t> out(4800 * 2);
  track.copy(0.5, 4800, out.data());
  CHECK(rms(out.data(), out.size()) > 1000);
  CHECK(tone_hz(out.data(), 4800, AudioTrack::kRate, 2) == Approx(440).margin(15));
  track.copy(3.0, 4800, out.data());  // past the end
  CHECK(rms(out.data(), out.size()) == 0);
  AudioTrack none(find_ffmpeg(), dir + "/no-such-file.mp4");
  for (int i = 0; i < 1000 && !none.ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(none.ready());
  CHECK(none.seconds() == 0);
}

TEST_CASE("stream sound: a stream carries the source's sound while the picture moves and silence while it stands still") {
  const auto dir = test::tmp_dir("stream_sound_out");
  const auto clip = tone_clip(dir, 4.0, /*with_picture=*/true);
  const std::string out = dir + "/stream.ts";
  StreamSettings settings{out, 25, "1M", ""};
  settings.audio_source = clip;
  {
    PacedOutput output(std::make_unique<StreamSink>(settings), PacedOutputOptions{25});
    const auto start = std::chrono::steady_clock::now();
    // 1.6 s of a picture moving through the clip in real time, then 1.2 s of it standing at 1.6 s.
    for (int k = 0;; ++k) {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (t > 2.8) break;
      output.submit(to_rgba_frame(synthetic_frame(64, 48, k)), std::min(t, 1.6) + 0.5);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto stats = output.stats();
    INFO("sent " << stats.frames_sent << ", error " << stats.error);
    CHECK(stats.frames_sent > 50);
  }
  const auto sound = decoded_sound(out);
  REQUIRE(!sound.empty());
  const double seconds = static_cast<double>(sound.size()) / 48000.0;
  INFO("the stream's sound lasts " << seconds << " s");
  REQUIRE(seconds > 2.2);
  // While the picture moved (0.2-1.4 s of the stream): the tone, at its pitch.
  const int16_t* moving = sound.data() + 48000 / 5;
  CHECK(rms(moving, 48000) > 1000);
  CHECK(tone_hz(moving, 48000, 48000) == Approx(440).margin(15));
  // While it stood still (its last second, after the tolerance): silence.
  const int16_t* still = sound.data() + sound.size() - 48000 * 3 / 4;
  CHECK(rms(still, 48000 / 2) < 50);
}
