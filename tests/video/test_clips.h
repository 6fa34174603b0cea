// Real video files made at test time with ffmpeg from the shared sky photo: a moving crop (every
// frame 4 px further right, so frames differ and the true motion is known), optionally with a
// sine-tone audio track. Tests skip visibly when ffmpeg or the photo is missing.
#pragma once
#include <string>
#include <vector>

namespace livedream::test {

// `path`'s extension picks the container (.mp4 .mkv .gif ...). Returns `path`.
std::string make_pan_clip(const std::string& path, int frames = 48, int width = 320, int height = 240, int fps = 25);
// The same pan with an AAC tone of the clip's length (MP4/MKV).
std::string make_pan_clip_with_audio(const std::string& path, int frames, int width, int height, int fps);
// The first `bytes_fraction` of `source`, as a copy at `path` (a file cut off mid-way).
std::string truncated_copy(const std::string& source, const std::string& path, double bytes_fraction);

// The encodings people have (phones, cameras, the web, editors), each made from the shared real
// footage (campus.mp4: 480x360 H.264 at 10 fps with AAC) with ffmpeg, about a second long, small:
// H.264 with B-frames trimmed by stream copy (an edit list), HEVC, VP9 + Opus WebM, MJPEG + PCM
// AVI, 10-bit H.264, NTSC 30000/1001, a variable frame rate, a phone's rotation flag, odd sides
// with 4:4:4 chroma. All have sound.
struct EncodingClip {
  std::string name;  // "edit-list", "hevc", ...
  std::string path;
  bool rotated = false;  // stored landscape, shown portrait (players apply the rotation)
};
std::vector<std::string> encoding_names();
// Makes the clip `name` in `dir` (once per dir: an existing one is reused).
EncodingClip make_encoding_clip(const std::string& name, const std::string& dir);

// What ffprobe says of a file's first video stream and its container, for judging decodes and
// renders against the source.
struct StreamFacts {
  std::string r_frame_rate;   // "25/1"
  double fps = 0;             // the same as a number
  double duration_s = -1;     // the video stream's, else the container's
  int width = 0, height = 0;  // as stored (before any rotation)
  std::string output;         // for INFO()
};
StreamFacts probe_stream(const std::string& path);

}  // namespace livedream::test
