#include "capture/render_checkpoint.h"

#include <nlohmann/json.hpp>

#include <string>

#include "core/error.h"
#include "core/image.h"
#include "core/png_keys.h"

namespace livedream::capture {

std::string to_text(const RenderCheckpoint& c) {
  return nlohmann::json{{"frames", c.frames}, {"fps", c.fps}, {"steps_per_frame", c.steps_per_frame},
                        {"input", c.input}, {"out", c.out}, {"source_first", c.source_first}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // paths are bytes
}

RenderCheckpoint render_checkpoint_from_text(const std::string& settings, const std::string& frame,
                                             const std::string& source_name) {
  try {
    const auto json = nlohmann::json::parse(settings);
    RenderCheckpoint c;
    size_t used = 0;
    c.frame = std::stoll(frame, &used);
    if (used != frame.size()) throw std::invalid_argument("frame number " + frame);
    c.frames = json.at("frames").get<int64_t>();
    c.fps = json.at("fps").get<int>();
    c.steps_per_frame = json.at("steps_per_frame").get<int>();
    c.input = json.at("input").get<std::string>();
    c.out = json.at("out").get<std::string>();
    c.source_first = json.value("source_first", int64_t{0});  // absent in renders of stills
    if (c.frame < 0 || c.frames < 1 || c.fps < 1 || c.steps_per_frame < 1 || c.source_first < 0) throw std::out_of_range("bad numbers");
    return c;
  } catch (const std::exception& e) {
    throw usage_error("the render settings in " + source_name + " are damaged (" + first_line(e.what()) + ")",
                      "resume from another frame of the render");
  }
}

RenderCheckpoint read_render_checkpoint(const std::string& png_path) {
  const auto text = read_png_text(png_path);  // throws one line if missing or not a PNG
  const auto settings = text.find(png_keys::kRender);
  const auto frame = text.find(png_keys::kFrame);
  if (settings == text.end() || frame == text.end())
    throw usage_error(png_path + " is not a frame of a livedream render",
                      "give a frame of a PNG sequence render or the .resume.png an MP4/GIF render left");
  return render_checkpoint_from_text(settings->second, frame->second, png_path);
}

std::string resume_frame_path(const std::string& out) { return out + ".resume.png"; }

}  // namespace livedream::capture
