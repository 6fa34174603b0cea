#include "viewer/input_loader.h"

#include <chrono>

#include "core/error.h"
#include "core/input_image.h"

namespace livedream::viewer {

void InputLoader::open(const std::string& input, InputRole role) {
  Load& load = role == InputRole::Guide ? guide_ : image_;
  load.name = input;
  load.image = std::async(std::launch::async, [input, role] {
    return load_input_with_origin(input, role == InputRole::Guide ? "guide image" : "input image");
  });
}

std::optional<LoadedInput> InputLoader::take_finished() {
  for (InputRole role : {InputRole::Image, InputRole::Guide}) {
    Load& load = role == InputRole::Guide ? guide_ : image_;
    if (!load.image.valid() || load.image.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;
    LoadedInput done;
    done.role = role;
    done.name = load.name;
    try {
      OpenedInput opened = load.image.get();
      done.image = std::move(opened.image);
      done.origin = std::move(opened.origin);
    } catch (const std::exception& e) {
      done.error = first_line(e.what());
    }
    return done;
  }
  return std::nullopt;
}

}  // namespace livedream::viewer
