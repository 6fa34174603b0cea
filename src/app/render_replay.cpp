#include "app/render_replay.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "app/progress_bar.h"
#include "app/render_output_chain.h"
#include "app/timeline_replay.h"
#include "capture/encoder_factory.h"
#include "capture/output_format.h"
#include "capture/screenshot_writer.h"
#include "capture/stop_signals.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/image_resize.h"
#include "core/log.h"
#include "core/png_keys.h"
#include "core/rgba_frame.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

// The MP4 comment tag holds the timeline when it is this small (a command-line argument's limit is 128 KiB).
constexpr size_t kMaxCommentBytes = 64 * 1024;

struct Take {
  session::Timeline timeline;
  int64_t first_step = 0;  // the step of the recording's first frame
  int fps = 30;
};

Take read_take(const std::string& path) {
  Take take;
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") {  // a screenshot: its whole timeline, from the first step
    take.timeline = read_timeline(path);
    return take;
  }
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw usage_error("--replay file not found: " + path, "give a recording's .timeline.json or a viewer screenshot");
  const std::string text = read_file_text(path, "timeline");
  take.timeline = session::timeline_from_json_text(text, path);
  const auto j = nlohmann::json::parse(text);
  if (j.contains("recording") && j["recording"].is_object()) {
    const auto& rec = j["recording"];
    if (rec.contains("first_step") && rec["first_step"].is_number_integer())
      take.first_step = std::clamp<int64_t>(rec["first_step"].get<int64_t>(), 0, take.timeline.steps);
    if (rec.contains("fps") && rec["fps"].is_number_integer()) take.fps = std::clamp(rec["fps"].get<int>(), 1, 240);
  }
  return take;
}

// Pixel sizes grow with the picture, so the performance looks the same at the new size.
DreamParams scaled(DreamParams p, double scale) {
  if (p.max_dim > 0) p.max_dim = std::max(1, static_cast<int>(std::lround(p.max_dim * scale)));
  p.pan_x = static_cast<float>(p.pan_x * scale);
  p.pan_y = static_cast<float>(p.pan_y * scale);
  p.jitter = static_cast<int>(std::lround(p.jitter * scale));
  return p;
}

}  // namespace

int run_replay_render(const ReplayRenderRequest& request) {
  if (!(request.scale >= 0.1 && request.scale <= 16))
    throw usage_error("--scale " + std::to_string(request.scale) + " is out of range", "give a factor from 0.1 to 16, e.g. --scale 2");
  Take take = read_take(request.timeline);
  session::check_replayable(take.timeline, request.timeline);
  if (!request.input.empty()) start_from_input(take.timeline, request.timeline, request.input, std::cerr);
  const int fps = request.fps > 0 ? request.fps : take.fps;
  const capture::OutputSpec spec = capture::parse_output(request.out);
  capture::check_output(spec);

  // The sources are scaled before the engine fits them to the (scaled) max_dim: the engine only
  // ever shrinks a picture.
  const double scale = request.scale;
  auto load = timeline_input_loader();
  auto scaled_load = [load, scale](const InputOrigin& origin, const std::string& role) {
    Image image = load(origin, role);
    if (scale == 1.0 || role != "source image") return image;
    return resize_image(image, std::max(1, static_cast<int>(std::lround(image.width * scale))),
                        std::max(1, static_cast<int>(std::lround(image.height * scale))));
  };
  auto player = start_replay(
      take.timeline, request.timeline, std::cerr, [scale](const DreamParams& p) { return scaled(p, scale); }, scaled_load);

  const std::string timeline_json = session::to_json(take.timeline).dump();
  capture::EncoderRequest encoder_request;
  encoder_request.spec = spec;
  encoder_request.fps = fps;
  encoder_request.png_text = capture::params_png_text(scaled(final_params(take.timeline), scale), timeline_json);
  encoder_request.png_text[png_keys::kModelSha256] = player->backend().describe().sha256;
  if (timeline_json.size() <= kMaxCommentBytes) encoder_request.mp4_comment = timeline_json;

  RgbaFrame first = player->backend().frame(false);
  const int64_t frames = take.timeline.steps - take.first_step + 1;  // the frames of steps first_step..steps
  RenderOutputChain output(encoder_request, first.width, first.height, /*resumable=*/false);
  output.add_live_outputs(start_live_outputs(request.live, fps));
  log::info(log::words("re-rendering ", request.timeline, ": steps ", take.first_step, "-", take.timeline.steps, " (", frames,
                       " frames) at ", first.width, "x", first.height, ", ", fps, " fps -> ", output.target()));

  // One frame per recorded step from the step the recording began at (and the picture before the
  // first step when it began there).
  bool first_pending = take.first_step == 0;
  FunctionJob replayed([&](RgbaFrame& frame, ProgressBar& bar) {
    if (first_pending) {
      first_pending = false;
      frame = std::move(first);
      return true;
    }
    while (!player->done()) {
      if (capture::stop_requested()) return false;
      player->step();
      if (bar.enabled()) bar.update(player->steps_taken(), player->total_steps(), 0, 1, 0.f);
      if (player->steps_taken() >= take.first_step) {
        frame = player->backend().frame(false);
        return true;
      }
    }
    return false;
  });
  output.run(replayed);
  RenderOutputChain::Ending ending;
  ending.expected = frames;
  ending.of = frames;
  ending.rate = std::to_string(fps);
  ending.seconds_per_frame = 1.0 / fps;
  return output.report(ending);
}

}  // namespace livedream::app
