// The sound of a video render: after the dreamt frames are written (video only, through the
// recorder), the source's audio track for the same stretch of time is muxed in with one more
// ffmpeg run (video copied, audio to AAC), and the result replaces the file atomically. A second
// pass rather than a second input of the encoder: the encoder's ffmpeg would read the audio far
// ahead of frames that come slowly, and an interrupted render would keep audio past its video.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream::capture {

// `video`: an MP4 without audio; `source`: the file whose first audio track to take, from
// `start_s` for `duration_s` seconds. Throws livedream::Error (runtime) when ffmpeg fails; the
// video is then left as it was.
void mux_source_audio(const std::string& ffmpeg, const std::string& video, const std::string& source, double start_s, double duration_s);

// A stretch of a live recording's sound: `frames` output frames whose picture came from the
// source from `source_start_s` on at its own speed, or held still (paused): silence.
struct AudioSpan {
  int64_t frames = 0;
  double source_start_s = 0;
  bool silent = false;
};

// The spans of a recording whose output frame k (at `fps`) showed the source at
// `source_times[k]` seconds: a span goes on while the times keep pace with the output (within a
// quarter second: display frames jitter); a seek, a loop or a pause starts another, and a span
// whose times did not move is silent. Pure, for tests.
std::vector<AudioSpan> audio_spans(const std::vector<double>& source_times, double fps);

// Adds the source's sound to `video` span by span (the whole recording: sum of frames / fps
// seconds), in one ffmpeg run (audio to AAC, video copied), replacing the file atomically.
// Throws livedream::Error (runtime) when ffmpeg fails; the video is then left as it was.
void mux_source_audio_spans(const std::string& ffmpeg, const std::string& video, const std::string& source,
                            const std::vector<AudioSpan>& spans, double fps);

}  // namespace livedream::capture
