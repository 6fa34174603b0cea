// Real video files made at test time with ffmpeg from the shared sky photo: a moving crop (every
// frame 4 px further right, so frames differ and the true motion is known), optionally with a
// sine-tone audio track. Tests skip visibly when ffmpeg or the photo is missing.
#pragma once
#include <string>

namespace livedream::test {

// `path`'s extension picks the container (.mp4 .mkv .gif ...). Returns `path`.
std::string make_pan_clip(const std::string& path, int frames = 48, int width = 320, int height = 240, int fps = 25);
// The same pan with an AAC tone of the clip's length (MP4/MKV).
std::string make_pan_clip_with_audio(const std::string& path, int frames, int width, int height, int fps);
// The first `bytes_fraction` of `source`, as a copy at `path` (a file cut off mid-way).
std::string truncated_copy(const std::string& source, const std::string& path, double bytes_fraction);

}  // namespace livedream::test
