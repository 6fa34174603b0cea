// The sound of a video render: after the dreamt frames are written (video only, through the
// recorder), the source's audio track for the same stretch of time is muxed in with one more
// ffmpeg run (video copied, audio to AAC), and the result replaces the file atomically. A second
// pass rather than a second input of the encoder: the encoder's ffmpeg would read the audio far
// ahead of frames that come slowly, and an interrupted render would keep audio past its video.
#pragma once
#include <string>

namespace livedream::capture {

// `video`: an MP4 without audio; `source`: the file whose first audio track to take, from
// `start_s` for `duration_s` seconds. Throws livedream::Error (runtime) when ffmpeg fails; the
// video is then left as it was.
void mux_source_audio(const std::string& ffmpeg, const std::string& video, const std::string& source, double start_s,
                      double duration_s);

}  // namespace livedream::capture
