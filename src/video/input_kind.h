// What kind of moving-picture input a name is, decided from the name alone (no file is opened):
// the CLI dispatches on it before anything slow happens, and the decoder picks ffmpeg's options
// (a V4L2 device, network timeouts) from it.
#pragma once
#include <string>

namespace livedream::video {

enum class InputKind {
  NotVideo,       // a still image, a URL of one, the built-in clouds
  File,           // a video file ffmpeg reads (.mp4 .mkv .avi .mov .webm .gif ...)
  ImageSequence,  // a printf pattern of numbered images: frames/%06d.png
  Stream,         // rtsp/rtmp/udp/srt URLs, and http(s) URLs of video files or HLS playlists
  Camera,         // camera, camera:N, /dev/videoN (V4L2)
};

InputKind classify_input(const std::string& input);

// The V4L2 device of a camera input: "camera" -> /dev/video0, "camera:2" -> /dev/video2,
// "/dev/video1" as given. Empty when `input` is not a camera.
std::string camera_device(const std::string& input);

// True for inputs that arrive in real time and cannot seek: cameras and streaming protocols
// (an http(s) video file is a file that happens to be remote).
bool is_live_kind(InputKind kind, const std::string& input);

const char* to_string(InputKind kind);  // "video file", "image sequence", "stream", "camera", "image"

}  // namespace livedream::video
