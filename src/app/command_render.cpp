// livedream render INPUT --out dream.mp4 --frames N: the classic endless-zoom video, headless.
// Each frame: the feedback transform (zoom, rotate, pan, source blend) once, then a few ascent
// steps; the frame goes to the recorder's writer thread (MP4/GIF through ffmpeg, or PNGs).
//
// Continuing a long render (--resume-from): every PNG of a sequence, and the "<out>.resume.png"
// an MP4/GIF render keeps next to the video, carry the parameters, the render settings and the
// frame number. Resuming dreams on from that frame's pixels and writes the frames after it:
//   - a PNG sequence continues its numbering in the same folder;
//   - an MP4/GIF gets a new part (default "<name>-from-<frame>.mp4"; an existing video is never
//     overwritten when resuming), to be joined with ffmpeg's concat demuxer (see --help).
// A resumed render looks continuous but is not bit-identical to an uninterrupted one: the engine
// restarts from the saved 8-bit frame (its jitter sequence and source-blend target restart too).
#include <CLI/CLI.hpp>  // the options given (count())

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "app/command_render.h"
#include "app/commands.h"
#include "app/dream_options.h"
#include "core/input_image.h"
#include "app/model_notice.h"
#include "app/progress_bar.h"
#include "app/render_output_chain.h"
#include "app/render_replay.h"
#include "app/render_video.h"
#include "capture/encoder_factory.h"
#include "capture/output_format.h"
#include "capture/render_checkpoint.h"
#include "capture/screenshot_writer.h"
#include "capture/stop_signals.h"
#include "core/error.h"
#include "core/image.h"
#include "core/keyframes.h"
#include "core/log.h"
#include "core/png_keys.h"
#include "dream/engine.h"
#include "dream/model.h"
#include "dream/objective.h"
#include "dream/open_model.h"
#include "dream/rgba_frame_tensor.h"
#include "video/video_source.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

// What this run will do, after the command line and a resume frame are combined.
struct RenderPlan {
  DreamParams params;                  // with the per-frame feedback
  capture::OutputSpec spec;            // as asked (the encoder may fall back to PNGs)
  capture::RenderCheckpoint settings;  // frames, fps, steps per frame, input, out
  int64_t start_frame = 0;
  std::string start_image;  // the resume frame, or empty: the input
  Keyframes keyframes;      // --keyframes: the parameters per frame over `params`
};

std::pair<float, float> parse_pan(const std::string& text) {
  const auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument(text);
    size_t used_x = 0, used_y = 0;
    const std::string xs = text.substr(0, comma), ys = text.substr(comma + 1);
    const float x = std::stof(xs, &used_x), y = std::stof(ys, &used_y);
    if (used_x != xs.size() || used_y != ys.size()) throw std::invalid_argument(text);
    return {x, y};
  } catch (const std::exception&) {
    throw usage_error("--pan " + text + " is not X,Y", "give pixels per frame like --pan 2,-1.5");
  }
}

// A local file that is neither an image nor a video (video inputs never reach here) is the
// problem to name, before what a still render would also need.
void refuse_unreadable_file(const std::string& input) {
  std::error_code ec;
  if (!fs::is_regular_file(input, ec)) return;
  try {
    load_input_image(input, "input image");
  } catch (const Error& e) {
    throw runtime_error(input + " is not an image or video livedream can read (" + first_line(e.what()) + ")",
                        "give an image (PNG, JPEG, ...), a video file ffmpeg plays, an http(s) URL or clouds");
  }
}

RenderPlan plan_render(const RenderCommand& cmd) {
  RenderPlan plan;
  DreamParams defaults;
  defaults.zoom = kDefaultZoomPerFrame;
  std::optional<capture::RenderCheckpoint> resumed;
  if (!cmd.resume_from.empty()) {
    resumed = capture::read_render_checkpoint(cmd.resume_from);
    defaults = params_from_png(cmd.resume_from, defaults);
    plan.start_image = cmd.resume_from;
  }
  plan.params = cmd.options.resolve(defaults);
  if (!cmd.pan.empty()) std::tie(plan.params.pan_x, plan.params.pan_y) = parse_pan(cmd.pan);

  auto& s = plan.settings;
  if (resumed) s = *resumed;
  if (cmd.frames_opt->count() || !resumed) s.frames = cmd.frames;
  if (cmd.fps_opt->count() || !resumed) s.fps = cmd.fps;
  if (cmd.steps_opt->count() || !resumed) s.steps_per_frame = cmd.steps_per_frame;
  if (cmd.input_opt->count()) s.input = cmd.input;
  if (!resumed && s.input.empty())
    throw usage_error("no INPUT given", "give an image, an http(s) URL or clouds, or --resume-from a frame of a render");
  if (s.frames < 1) {
    if (!resumed) refuse_unreadable_file(s.input);
    throw usage_error("--frames is required", "give the length of the video in frames, e.g. --frames 300");
  }
  plan.start_frame = cmd.start_opt->count() ? cmd.start_frame : (resumed ? resumed->frame + 1 : 0);
  if (plan.start_frame >= s.frames)
    throw usage_error("nothing to render: --frames " + std::to_string(s.frames) + " ends before frame " + std::to_string(plan.start_frame),
                      "raise --frames to make the render longer");

  const capture::RenderOutput output =
      capture::choose_render_output(cmd.out, resumed ? &*resumed : nullptr, cmd.resume_from, plan.start_frame);
  plan.spec = output.spec;
  s.out = output.out;
  // Bad keyframes are refused now, before the model loads and any frame is written.
  if (!cmd.keyframes.empty()) {
    plan.keyframes = load_keyframes(cmd.keyframes);
    plan.keyframes.check(plan.params, s.fps);
  }
  return plan;
}

constexpr const char* kVideoDefaultPreset = "classic";

// A moving input (video file, image sequence, stream, camera) goes to render_video.cpp; the
// input of a resumed render is the one its frame names. Empty for stills and clouds.
std::optional<VideoRenderRequest> video_request(const RenderCommand& cmd) {
  std::string input = cmd.input;
  if (input.empty() && !cmd.resume_from.empty()) input = capture::read_render_checkpoint(cmd.resume_from).input;
  if (!video::is_video_input(input)) {
    for (const auto* option : {cmd.start_s_opt, cmd.metrics_opt})
      if (option->count())
        throw usage_error(option->get_name() + " applies to video inputs, and " + input + " is a still image",
                          "give a video file, frames/%06d.png, a stream or a camera");
    return std::nullopt;
  }
  if (cmd.fps_opt->count())
    throw usage_error("--fps is the source's in a video render", "leave out --fps (the output keeps " + input + "'s rate)");
  if (cmd.start_opt->count()) throw usage_error("--start-frame numbers zoom renders", "use --start SECONDS to begin later in the video");
  VideoRenderRequest request;
  if (!cmd.keyframes.empty()) {
    request.keyframes = load_keyframes(cmd.keyframes);
    for (const auto& track : request.keyframes.tracks)
      if (track.parameter == "model")
        throw usage_error(
            cmd.keyframes + ": 'model' cannot be keyed in a video render: the dream carried from frame to frame is that model's",
            "key the model in a zoom render, or render the parts with --start and --frames");
  }
  request.input = input;
  request.out = cmd.out;
  request.resume_from = cmd.resume_from;
  request.frames = cmd.frames;
  request.frames_given = cmd.frames_opt->count() > 0;
  request.steps_given = cmd.steps_opt->count() > 0;
  if (request.steps_given) request.steps_per_frame = cmd.steps_per_frame;  // else the video default (render_video.h)
  request.start_s = cmd.start_s;
  request.start_given = cmd.start_s_opt->count() > 0;
  request.metrics = cmd.metrics;
  request.live = cmd.live;
  // A video has motion of its own: no zoom unless asked for (the still render's default is 1.02).
  // Its dream starts from the classic preset (the original DeepDream's look: the defaults alone
  // dream too faintly for one step a frame to show), its model aside so --model still picks one;
  // --preset, --params-from and each option given override it.
  DreamParams defaults;
  if (!cmd.resume_from.empty()) {
    defaults = params_from_png(cmd.resume_from, defaults);
  } else if (cmd.options.preset().empty() && cmd.options.params_from().empty()) {
    defaults = load_preset(kVideoDefaultPreset, defaults);
    defaults.model.clear();
    request.default_preset = kVideoDefaultPreset;
  }
  request.params = cmd.options.resolve(defaults);
  if (!cmd.pan.empty()) std::tie(request.params.pan_x, request.params.pan_y) = parse_pan(cmd.pan);
  return request;
}

// --replay: the timeline decides every step, so the options that shape a render do not apply.
int replay_render(const RenderCommand& cmd) {
  for (const auto* option :
       {cmd.frames_opt, cmd.steps_opt, cmd.start_opt, cmd.start_s_opt, cmd.metrics_opt, cmd.pan_opt, cmd.keyframes_opt})
    if (option->count())
      throw usage_error(option->get_name() + " does not apply to --replay (the timeline decides every step)",
                        "leave it out; --scale, --fps, --out and INPUT apply");
  if (!cmd.resume_from.empty() || cmd.options.any_given() || !cmd.options.preset().empty() || !cmd.options.params_from().empty())
    throw usage_error(
        "dream options, --preset, --params-from and --resume-from do not apply to --replay (the timeline holds every parameter)",
        "leave them out; --scale, --fps, --out and INPUT apply");
  if (cmd.out.empty()) throw usage_error("--replay needs --out", "e.g. --out take-hq.mp4");
  ReplayRenderRequest request;
  request.timeline = cmd.replay;
  request.out = cmd.out;
  request.input = cmd.input;
  request.scale = cmd.scale;
  if (cmd.fps_opt->count()) request.fps = cmd.fps;
  request.live = cmd.live;
  return run_replay_render(request);
}

}  // namespace

int run_render(const RenderCommand& cmd) {
  check_live_output_flags(cmd.live);
  if (!cmd.replay.empty()) return replay_render(cmd);
  if (cmd.scale_opt->count()) throw usage_error("--scale applies to --replay renders", "give --replay TAKE.json, or leave out --scale");
  if (const auto video = video_request(cmd)) return run_video_render(*video);
  const RenderPlan plan = plan_render(cmd);
  const auto& settings = plan.settings;

  // The output before the input and the model: an unwritable folder should not wait for them.
  capture::check_output(plan.spec);
  Image start = plan.start_image.empty()
                    ? limit_input_size(load_input_image(settings.input, "input image"), plan.params.max_dim, settings.input, std::cerr)
                    : load_image(plan.start_image);
  Image guide;
  if (!plan.params.guide.empty()) guide = load_input_image(plan.params.guide, "guide image");
  const auto model = dream::open_model(plan.params);
  announce_model(*model, std::cerr);

  // The parameters of a frame: the plan's, or what the keyframes make of them at that frame.
  auto params_at = [&](int64_t number) {
    return plan.keyframes.empty() ? plan.params : plan.keyframes.at(plan.params, number, settings.fps);
  };
  // The models a "model" track switches to, each opened once, and every key's layers checked
  // against the model in force there: a bad key is refused before the first frame.
  std::map<std::string, std::shared_ptr<dream::Model>> models = {{plan.params.model, model}};
  auto model_for = [&](const DreamParams& p) {
    auto& m = models[p.model];
    if (!m) m = dream::open_model(p);
    return m;
  };
  std::vector<std::pair<std::shared_ptr<dream::Model>, std::vector<LayerObjective>>> checked;  // each model and layer list once
  for (const double t : plan.keyframes.empty() ? std::vector<double>{} : plan.keyframes.key_times()) {
    const int64_t number = plan.keyframes.in_seconds ? std::llround(t * settings.fps) : std::llround(t);
    const DreamParams p = params_at(number);
    try {
      const auto m = model_for(p);
      if (std::find(checked.begin(), checked.end(), std::make_pair(m, p.layers)) != checked.end()) continue;
      (void)dream::Objective(*m, p.layers, p.loss);  // throws for a layer or channel the model lacks
      checked.emplace_back(m, p.layers);
    } catch (const Error& e) {
      char at[32];
      std::snprintf(at, sizeof at, "%s %g", plan.keyframes.in_seconds ? "second" : "frame", t);
      // The model's own message names the problem and its fix; this says where in the file.
      throw Error(e.kind(), plan.keyframes.source_name + " at " + at + ": " + e.what());
    }
  }

  // Every frame carries what `dream --params-from` and a resume need; the frame number is added
  // per file.
  auto png_text = capture::params_png_text(plan.params);
  png_text[png_keys::kRender] = capture::to_text(settings);
  png_text[png_keys::kModelSha256] = model->sha256();
  png_text[png_keys::kInput] = settings.input;
  png_text[png_keys::kSoftware] = "livedream " LIVEDREAM_VERSION;
  capture::EncoderRequest request;
  request.spec = plan.spec;
  request.fps = settings.fps;
  request.first_number = plan.start_frame;
  request.png_text = png_text;

  auto dreaming_with = model_for(params_at(plan.start_frame));
  auto engine = std::make_unique<dream::Engine>(dreaming_with, without_feedback(params_at(plan.start_frame)));
  engine->set_source(start);
  if (!guide.empty()) engine->set_guide(guide);
  RenderOutputChain output(request, engine->width(), engine->height(), /*resumable=*/true);
  output.add_live_outputs(start_live_outputs(cmd.live, settings.fps));
  // Info lines go to stderr whatever it is (scripts read them too); only the progress bar needs a terminal.
  log::info(log::words("rendering frames ", plan.start_frame, "-", settings.frames - 1, " at ", engine->width(), "x", engine->height(),
                       ", ", settings.steps_per_frame, " steps per frame, ", settings.fps, " fps -> ", output.target()));
  if (!plan.keyframes.empty()) log::info(plan.keyframes.summary());

  // Each frame: the feedback transform once, then the ascent steps, with a model key's model.
  const int64_t total_steps = (settings.frames - plan.start_frame) * settings.steps_per_frame;
  int64_t number = plan.start_frame, steps_done = 0;
  FunctionJob zoom_frames([&](RgbaFrame& frame, ProgressBar& bar) {
    if (number >= settings.frames) return false;
    const DreamParams frame_params = params_at(number);
    const DreamParams stepping = without_feedback(frame_params);
    if (const auto wanted = model_for(frame_params); wanted != dreaming_with) {
      // A model key: the new model goes on from the frame reached (its source from here on).
      const Image reached = to_rgb(dream::host_rgba_frame(*engine));
      engine = std::make_unique<dream::Engine>(wanted, stepping);
      engine->set_source(reached);
      if (!guide.empty()) engine->set_guide(guide);
      dreaming_with = wanted;
      if (!bar.enabled()) log::info(log::words("frame ", number, ": model ", wanted->path()));
    }
    if (frame_params.has_feedback()) {
      engine->set_params(frame_params);
      engine->apply_feedback();
    }
    engine->set_params(stepping);
    for (int step = 0; step < settings.steps_per_frame; ++step) {
      if (capture::stop_requested()) return false;  // interrupted mid-frame: that frame is not written
      engine->step();
      ++steps_done;
      if (bar.enabled()) bar.update(steps_done, total_steps, engine->octave(), engine->octaves(), engine->last_loss());
    }
    frame = dream::host_rgba_frame(*engine);
    ++number;
    return true;
  });
  output.run(zoom_frames);
  RenderOutputChain::Ending ending;
  ending.expected = settings.frames - plan.start_frame;
  ending.of = settings.frames;
  ending.render_frames = settings.frames;
  ending.rate = std::to_string(settings.fps);
  ending.seconds_per_frame = 1.0 / settings.fps;
  return output.report(ending);
}

}  // namespace livedream::app
