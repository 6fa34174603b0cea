#include "video/input_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace livedream::video {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// A device number: digits, and few enough that they always fit an int.
bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 4 && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The extension of a path or of a URL's path (query and fragment cut off), lower case, with dot.
std::string extension_of(const std::string& name) {
  std::string path = name;
  if (const auto scheme = path.find("://"); scheme != std::string::npos) {
    path = path.substr(scheme + 3);
    path = path.substr(0, path.find_first_of("?#"));
  }
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  return lower(path.substr(dot));
}

bool is_video_extension(const std::string& ext) {
  // .gif counts as video: stills come through the image loader only as their first frame.
  static constexpr std::array<std::string_view, 20> kVideo = {".mp4", ".m4v", ".mkv",  ".webm", ".avi",  ".mov",  ".qt",
                                                              ".gif", ".mpg", ".mpeg", ".ts",   ".mts",  ".m2ts", ".flv",
                                                              ".wmv", ".ogv", ".3gp",  ".y4m",  ".m3u8", ".vob"};
  return std::find(kVideo.begin(), kVideo.end(), ext) != kVideo.end();
}

// A printf frame number: %d or %0Nd (what ffmpeg's image2 demuxer reads).
bool has_frame_pattern(const std::string& name) {
  for (size_t i = name.find('%'); i != std::string::npos; i = name.find('%', i + 1)) {
    size_t j = i + 1;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
    if (j < name.size() && name[j] == 'd') return true;
  }
  return false;
}

bool is_camera_name(const std::string& input) {
  if (input == "camera") return true;
  if (starts_with(input, "camera:")) return all_digits(input.substr(7));
  if (starts_with(input, "/dev/video")) return all_digits(input.substr(10));
  return false;
}

}  // namespace

InputKind classify_input(const std::string& input) {
  if (is_camera_name(input)) return InputKind::Camera;
  const std::string name = lower(input);
  for (const char* scheme : {"rtsp://", "rtsps://", "rtmp://", "rtmps://", "udp://", "rtp://", "srt://", "tcp://"})
    if (starts_with(name, scheme)) return InputKind::Stream;
  const bool http = starts_with(name, "http://") || starts_with(name, "https://");
  const std::string ext = extension_of(input);
  if (http) return is_video_extension(ext) ? InputKind::Stream : InputKind::NotVideo;
  if (has_frame_pattern(input)) return InputKind::ImageSequence;
  return is_video_extension(ext) ? InputKind::File : InputKind::NotVideo;
}

std::string camera_device(const std::string& input) {
  if (!is_camera_name(input)) return {};
  if (input == "camera") return "/dev/video0";
  if (starts_with(input, "camera:")) return "/dev/video" + std::to_string(std::stoi(input.substr(7)));
  return input;
}

bool is_live_kind(InputKind kind, const std::string& input) {
  if (kind == InputKind::Camera) return true;
  if (kind != InputKind::Stream) return false;
  const std::string name = lower(input);
  return !(starts_with(name, "http://") || starts_with(name, "https://")) || extension_of(input) == ".m3u8";
}

const char* to_string(InputKind kind) {
  switch (kind) {
    case InputKind::File: return "video file";
    case InputKind::ImageSequence: return "image sequence";
    case InputKind::Stream: return "stream";
    case InputKind::Camera: return "camera";
    case InputKind::NotVideo: break;
  }
  return "image";
}

}  // namespace livedream::video
