// What the user may dream on: a file (any common format and mode), an http(s) URL (as in the
// TensorFlow tutorial), or the built-in clouds, which the project owns and may redistribute.
#pragma once
#include <ostream>
#include <string>

#include "core/image.h"

namespace livedream {

// The viewer's default picture: make_clouds(960, 640, seed 1).
constexpr int kCloudsWidth = 960, kCloudsHeight = 640;

// Images are dreamt on at most this size on their longest side when --max-dim is 0 (keep):
// beyond it a CPU step takes minutes. An explicit --max-dim may go higher.
constexpr int kLargestKeptSide = 8192;

// "clouds" or "clouds:WIDTHxHEIGHT" (e.g. clouds:640x480). A file of that name is "./clouds".
bool is_builtin_clouds(const std::string& input);

// Loads INPUT: a path, an http(s) URL (downloaded with a timeout and a size limit) or the
// built-in clouds. `role` names it in messages ("input image", "guide image"). Throws
// livedream::Error with one line naming the file or URL and the problem.
Image load_input_image(const std::string& input, const std::string& role);

// Where a picture came from, as a session timeline records it so that a replay can load the very
// same pixels again: a file or URL with the sha256 of its bytes, or the built-in clouds' spec.
struct InputOrigin {
  enum class Kind { Unknown, File, Url, Procedural };
  Kind kind = Kind::Unknown;  // Unknown: a video frame, a camera, pixels from elsewhere
  std::string input;          // the path, the URL or the clouds spec, as given
  std::string sha256;         // of the file's or the download's bytes; empty for the clouds
  bool operator==(const InputOrigin&) const = default;
};
const char* to_string(InputOrigin::Kind kind);                 // "unknown" | "file" | "url" | "procedural"
InputOrigin::Kind parse_origin_kind(const std::string& text);  // throws livedream::Error (usage)

struct OpenedInput {
  Image image;
  InputOrigin origin;
};
// load_input_image, and where the pixels came from (the bytes are hashed as they are read).
OpenedInput load_input_with_origin(const std::string& input, const std::string& role);

// With max_dim 0 (keep the size), scales images larger than kLargestKeptSide down to it and says
// so on `notes`; otherwise returns the image unchanged (the engine fits it to max_dim).
Image limit_input_size(const Image& image, int max_dim, const std::string& name, std::ostream& notes);

}  // namespace livedream
