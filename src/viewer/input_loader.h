// Opening images and guides off the render thread: decoding a large photo (or downloading one)
// takes a while, so a helper thread does it and the viewer picks the result up when it is ready.
// A newer request of the same kind replaces an older one.
#pragma once
#include <future>
#include <optional>
#include <string>

#include "core/image.h"
#include "core/input_image.h"

namespace livedream::viewer {

enum class InputRole { Image, Guide };

struct LoadedInput {
  InputRole role = InputRole::Image;
  std::string name;    // what was asked for (path, URL, clouds)
  Image image;         // empty when it failed
  InputOrigin origin;  // where it came from (for the session's timeline)
  std::string error;   // one line when it failed
};

class InputLoader {
 public:
  void open(const std::string& input, InputRole role);
  // A finished load, if any (call every frame until it returns nothing).
  std::optional<LoadedInput> take_finished();

 private:
  struct Load {
    std::future<OpenedInput> image;
    std::string name;
  };
  Load image_, guide_;
};

}  // namespace livedream::viewer
