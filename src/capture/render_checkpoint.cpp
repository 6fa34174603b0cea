#include "capture/render_checkpoint.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/image.h"
#include "core/log.h"
#include "core/png_keys.h"

namespace livedream::capture {

std::string to_text(const RenderCheckpoint& c) {
  return nlohmann::json{{"frames", c.frames}, {"fps", c.fps}, {"steps_per_frame", c.steps_per_frame},
                        {"input", c.input},   {"out", c.out}, {"source_first", c.source_first}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // paths are bytes
}

RenderCheckpoint render_checkpoint_from_text(const std::string& settings, const std::string& frame, const std::string& source_name) {
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

ResumeFrameWriter::ResumeFrameWriter(const OutputSpec& spec, std::map<std::string, std::string> png_text)
    : path_(spec.format == OutputFormat::PngSequence ? std::string() : resume_frame_path(spec.path)), png_text_(std::move(png_text)) {}

void ResumeFrameWriter::save(const RgbaFrame& frame, int64_t number) const {
  if (path_.empty()) return;
  auto text = png_text_;
  text[png_keys::kFrame] = std::to_string(number);
  try {
    save_png(path_, to_rgb(frame), text);
  } catch (const Error& e) {
    log::warning(e.what());  // the video itself goes on
  }
}

std::string part_name(const std::string& out, int64_t start) {
  std::filesystem::path path(out);
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "-from-%06lld", static_cast<long long>(start));
  const std::string ext = path.extension().string();
  path.replace_extension();
  return path.string() + suffix + ext;
}

RenderOutput choose_render_output(const std::string& out, const RenderCheckpoint* resumed, const std::string& resume_from,
                                  int64_t start_frame) {
  namespace fs = std::filesystem;
  RenderOutput chosen;
  chosen.out = out;
  if (chosen.out.empty()) {
    if (!resumed) throw usage_error("--out is required", "give dream.mp4, dream.gif, a folder or a pattern like frames/%06d.png");
    const OutputSpec previous = parse_output(resumed->out);
    const fs::path beside = fs::path(resume_from).parent_path();
    chosen.out = previous.format == OutputFormat::PngSequence
                     ? (beside / previous.png_pattern).string()
                     : (beside / part_name(fs::path(resumed->out).filename().string(), start_frame)).string();
  }
  chosen.spec = parse_output(chosen.out);
  std::error_code ec;
  if (resumed && chosen.spec.format != OutputFormat::PngSequence && fs::exists(chosen.spec.path, ec))
    throw usage_error(chosen.spec.path + " already exists and resuming never overwrites a video",
                      "give a new --out for this part, e.g. " + part_name(chosen.spec.path, start_frame));
  return chosen;
}

}  // namespace livedream::capture
