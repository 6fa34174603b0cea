// The video render loop. Per source frame: read it, fit it to the dream size, ask the motion
// tracker how it relates to the last one (first, cut, motion), hand it to the engine
// (Engine::next_frame carries the dream over along the motion), run --steps-per-frame ascent
// steps, and queue the dream for the encoder. Afterwards the source's sound for the same stretch
// is muxed into the MP4 (capture/audio_mux).
//
// Frame numbers: frame N of the render is source frame source_first + N, where source_first is
// the frame at --start. A resumed render (Ctrl-C, then --resume-from OUT.resume.png) reads on
// from the source frame after the last one written and writes a new part, as zoom renders do.
// The temporal state (the last source frame and the dream's residual) is not in the resume
// frame, so a resumed part starts its dream from its first source frame, as after a scene cut.
#include "app/render_video.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

#include "app/model_notice.h"
#include "app/progress_bar.h"
#include "app/render_job.h"
#include "app/render_output_chain.h"
#include "capture/audio_mux.h"
#include "capture/encoder_factory.h"
#include "capture/ffmpeg_process.h"
#include "capture/output_format.h"
#include "capture/render_checkpoint.h"
#include "capture/screenshot_writer.h"
#include "capture/stop_signals.h"
#include "core/error.h"
#include "core/image.h"
#include "core/image_resize.h"
#include "core/input_image.h"
#include "core/log.h"
#include "core/png_keys.h"
#include "core/rgba_frame.h"
#include "dream/engine.h"
#include "dream/open_model.h"
#include "dream/rgba_frame_tensor.h"
#include "core/file_io.h"
#include "video/flicker_meter.h"
#include "video/motion_tracker.h"
#include "video/video_source.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

// 25 -> "25", 30000/1001 -> "29.97", 12.3 s -> "12.3".
std::string number_text(double fps) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", fps);
  return text;
}

// The steps of a still's whole schedule: params.steps at each of the octaves (progressive), or in
// all (cycle), as Engine::run counts them.
int schedule_steps(const DreamParams& params, int octaves) {
  return params.octave_mode == OctaveMode::Progressive ? params.steps * octaves : params.steps;
}

// What this run does, after the request and a resume frame are combined.
struct VideoPlan {
  capture::RenderCheckpoint settings;  // input, out, frames (0: to the end), steps, source_first
  capture::OutputSpec spec;
  int64_t start_frame = 0;  // the render's number of the first frame written now
  std::string start_image;  // the resume frame, or empty
};

VideoPlan plan_video_render(const VideoRenderRequest& request) {
  VideoPlan plan;
  auto& s = plan.settings;
  std::optional<capture::RenderCheckpoint> resumed;
  if (!request.resume_from.empty()) {
    resumed = capture::read_render_checkpoint(request.resume_from);
    s = *resumed;
    plan.start_image = request.resume_from;
    plan.start_frame = resumed->frame + 1;
    if (request.start_given)
      throw usage_error("--start cannot move a resumed render",
                        "leave out --start: it goes on after frame " + std::to_string(resumed->frame));
  }
  s.input = request.input;
  if (request.frames_given || !resumed) s.frames = request.frames;  // 0: to the end
  if (request.steps_given || !resumed) s.steps_per_frame = request.steps_per_frame;
  if (s.frames > 0 && plan.start_frame >= s.frames)
    throw usage_error("nothing to render: --frames " + std::to_string(s.frames) + " ends before frame " + std::to_string(plan.start_frame),
                      "raise --frames to make the render longer");
  const capture::RenderOutput output =
      capture::choose_render_output(request.out, resumed ? &*resumed : nullptr, request.resume_from, plan.start_frame);
  plan.spec = output.spec;
  s.out = output.out;
  return plan;
}

// The metrics file's folder is checked before the render: it could only fail after it.
void check_metrics_path(const std::string& metrics) {
  if (metrics.empty()) return;
  const fs::path folder = fs::path(metrics).parent_path();
  std::error_code ec;
  if (!folder.empty() && !fs::is_directory(folder, ec))
    throw usage_error("--metrics " + metrics + ": the folder " + folder.string() + " does not exist",
                      "create it or write the metrics elsewhere");
}

// Opens the source at the first frame to dream. A fresh render starts at the frame at --start
// (the first whose time is >= it); a resumed one at the frame after the last one written. The
// position asked for is half a frame early, so rounding in the file's timestamps cannot skip it.
std::unique_ptr<video::VideoSource> open_at_first_frame(VideoPlan& plan, const VideoRenderRequest& request) {
  auto& settings = plan.settings;
  auto source = video::VideoSource::open(settings.input, 0.0);
  const video::VideoInfo info = source->info();
  if (plan.start_image.empty() && request.start_s <= 0) return source;
  if (info.live) throw usage_error("cannot start or resume " + settings.input + " mid-way: it is live", "render it from now on");
  if (plan.start_image.empty()) settings.source_first = static_cast<int64_t>(std::ceil(request.start_s * info.fps - 1e-6));
  const int64_t first_read = settings.source_first + plan.start_frame;
  if (info.frame_count > 0 && first_read >= info.frame_count) {
    // Said in the unit the user gave: seconds for --start, frames for a resumed render.
    if (plan.start_image.empty())
      throw usage_error(settings.input + " is " + number_text(info.duration_s) + " s long, so there is nothing from " +
                            number_text(request.start_s) + " s on",
                        "give a --start before the end");
    throw usage_error(settings.input + " has " + std::to_string(info.frame_count) + " frames, so there is nothing from frame " +
                          std::to_string(first_read) + " on",
                      "this render is complete");
  }
  source->seek(std::max(0.0, (static_cast<double>(first_read) - 0.5) / info.fps));
  return source;
}

// A video render's frames. Per source frame: read it, fit it to the dream size, ask the motion
// tracker how it relates to the last one, hand it to the engine (which carries the dream along the
// motion), apply the frame's feedback, and run its ascent steps: the whole schedule of a still on
// the first frame of a shot, --steps-per-frame after it.
class VideoFrames final : public RenderJob {
 public:
  VideoFrames(video::VideoSource& source, dream::Engine& engine, Image first_frame, const VideoRenderRequest& request,
              const VideoPlan& plan, std::function<DreamParams(int64_t)> params_at, int64_t frames_left)
      : source_(source),
        engine_(engine),
        fitted_(std::move(first_frame)),
        request_(request),
        plan_(plan),
        params_at_(std::move(params_at)),
        frames_left_(frames_left),
        number_(plan.start_frame) {
    if (!request.metrics.empty()) meter_.emplace(to_string(request.params.temporal));
  }

  bool next(RgbaFrame& out, ProgressBar& bar) override {
    const auto& settings = plan_.settings;
    if (settings.frames > 0 && number_ >= settings.frames) return false;
    if (!first_) {
      Image frame;
      try {
        if (!source_.read(frame)) return false;  // the end of the source
      } catch (const Error& e) {
        read_error_ = e.what();
        return false;
      }
      fitted_ = fit_longest_side(frame, request_.params.max_dim);
    }
    const video::FrameChange change = tracker_.next(fitted_);
    if (first_)
      engine_.set_source(fitted_);  // the dream starts from its first source frame
    else
      engine_.next_frame(fitted_, change.kind == video::FrameChange::Kind::Motion ? &change.motion : nullptr);
    first_ = false;
    const DreamParams frame_params = params_at_(number_);
    if (frame_params.has_feedback()) {
      engine_.set_params(frame_params);
      engine_.apply_feedback();
    }
    engine_.set_params(without_feedback(frame_params));
    // The first frame of a shot is dreamt as a still is, its whole octave schedule: one step a
    // frame would take that many frames to grow a dream (a faint shimmer meanwhile). The frames
    // after it carry that dream along the motion with their own few steps.
    const int steps = change.kind == video::FrameChange::Kind::Motion
                          ? settings.steps_per_frame
                          : std::max(settings.steps_per_frame, schedule_steps(frame_params, engine_.octaves()));
    for (int step = 0; step < steps; ++step) {
      if (capture::stop_requested()) return false;  // interrupted mid-frame: that frame is not written
      engine_.step();
    }
    out = dream::host_rgba_frame(engine_);
    if (meter_) meter_->add(fitted_, to_rgb(out), change);  // --metrics: flicker against the source's own motion
    ++number_;
    bar.update_frames(++made_, frames_left_);
    return true;
  }

  // The source failed mid-way (what was dreamt so far is kept), or empty.
  const std::string& read_error() const { return read_error_; }
  const std::optional<video::FlickerMeter>& meter() const { return meter_; }

 private:
  video::VideoSource& source_;
  dream::Engine& engine_;
  Image fitted_;
  const VideoRenderRequest& request_;
  const VideoPlan& plan_;
  std::function<DreamParams(int64_t)> params_at_;
  int64_t frames_left_;
  int64_t number_;
  int64_t made_ = 0;
  bool first_ = true;
  video::MotionTracker tracker_;
  std::optional<video::FlickerMeter> meter_;
  std::string read_error_;
};

// The source's sound for the stretch written, muxed into the MP4 (also after an interruption: the
// file stays playable). A failure is a warning: the picture is kept.
void add_source_sound(const RenderOutputChain& output, const VideoPlan& plan, const video::VideoInfo& info) {
  const double from = static_cast<double>(plan.settings.source_first + plan.start_frame) / info.fps;
  const double length = static_cast<double>(output.frames_written()) / info.fps;
  try {
    capture::mux_source_audio(find_ffmpeg(), output.spec().path, plan.settings.input, from, length);
  } catch (const Error& e) {
    log::warning(e.what());
  }
}

// --metrics FILE.json: how much the dream flickered, and with which settings. False when the file
// could not be written (said).
bool write_metrics(const video::FlickerMeter& meter, const VideoRenderRequest& request, const VideoPlan& plan, const std::string& kept) {
  nlohmann::json metrics = video::to_json(meter.report());
  metrics["temporal"] = to_string(request.params.temporal);
  metrics["temporal_decay"] = request.params.temporal_decay;
  metrics["temporal_blend"] = request.params.temporal_blend;
  metrics["steps_per_frame"] = plan.settings.steps_per_frame;
  metrics["input"] = plan.settings.input;
  try {
    write_file_atomically(request.metrics, metrics.dump(2) + "\n", "metrics file");
    return true;
  } catch (const Error& e) {
    log::error(log::words(e.what(), " (the video itself is kept in ", kept, ")"));
    return false;
  }
}

}  // namespace

int run_video_render(const VideoRenderRequest& request) {
  VideoPlan plan = plan_video_render(request);
  auto& settings = plan.settings;
  const DreamParams& params = request.params;

  // The output before the input and the model: an unwritable folder should not wait for them.
  capture::check_output(plan.spec);
  check_metrics_path(request.metrics);
  auto source = open_at_first_frame(plan, request);
  const video::VideoInfo info = source->info();
  settings.fps = std::max(1, static_cast<int>(std::lround(info.fps)));
  // Keys in seconds count in the source's time; frames count output frames from the first.
  request.keyframes.check(params, info.fps);
  auto params_at = [&](int64_t number) { return request.keyframes.empty() ? params : request.keyframes.at(params, number, info.fps); };
  // The length, when known: what --frames asks for, capped by what the source has.
  int64_t total = settings.frames;
  if (info.frame_count > 0) {
    const int64_t available = info.frame_count - settings.source_first;
    total = total > 0 ? std::min(total, available) : available;
  }

  Image guide;
  if (!params.guide.empty()) guide = load_input_image(params.guide, "guide image");
  const auto model = dream::open_model(params);
  announce_model(*model, std::cerr);

  capture::EncoderRequest encoder_request;
  encoder_request.spec = plan.spec;
  encoder_request.fps = settings.fps;
  encoder_request.frame_rate = info.frame_rate;
  encoder_request.first_number = plan.start_frame;
  encoder_request.png_text = capture::params_png_text(params);
  encoder_request.png_text[png_keys::kModelSha256] = model->sha256();
  encoder_request.png_text[png_keys::kInput] = settings.input;
  encoder_request.png_text[png_keys::kSoftware] = "livedream " LIVEDREAM_VERSION;
  auto checkpoint = settings;  // it must hold a positive length: the known total, else the frames asked for
  checkpoint.frames = settings.frames > 0 ? settings.frames : std::max<int64_t>(total, 1);
  encoder_request.png_text[png_keys::kRender] = capture::to_text(checkpoint);

  dream::Engine engine(model, without_feedback(params_at(plan.start_frame)));
  if (!guide.empty()) engine.set_guide(guide);
  // The first frame, read now: its size is the dream's, and the info line can say it.
  Image frame;
  if (!source->read(frame)) throw runtime_error(settings.input + " has no frames from there on", "give an earlier --start");
  Image fitted = fit_longest_side(frame, params.max_dim);

  RenderOutputChain output(encoder_request, fitted.width, fitted.height, /*resumable=*/true);
  output.add_live_outputs(start_live_outputs(request.live, info.fps, info.has_audio ? settings.input : std::string()));
  output.set_source_clock(static_cast<double>(settings.source_first + plan.start_frame) / info.fps, info.fps);
  const bool wants_sound = info.has_audio && output.spec().format == capture::OutputFormat::Mp4;
  const int64_t frames_left = total > 0 ? total - plan.start_frame : -1;
  log::info(log::words("rendering ", (frames_left > 0 ? std::to_string(frames_left) + " frames" : std::string("frames")), " of ",
                       settings.input, " from source frame ", settings.source_first + plan.start_frame, " at ", fitted.width, "x",
                       fitted.height, ", ", settings.steps_per_frame, " steps per frame, ", number_text(info.fps), " fps -> ",
                       output.target(),
                       (request.default_preset.empty() ? "" : " (" + request.default_preset + " preset; --preset or options change it)")));
  if (!request.keyframes.empty()) log::info(request.keyframes.summary());

  VideoFrames frames(*source, engine, std::move(fitted), request, plan, params_at, frames_left);
  output.run(frames);
  if (const std::string said = source->warning(); !said.empty()) log::warning(said);
  source.reset();  // ffmpeg stops reading (a camera is free again)

  if (wants_sound && output.frames_written() > 0 && output.writer_error().empty()) add_source_sound(output, plan, info);
  if (frames.meter() && !write_metrics(*frames.meter(), request, plan, output.kept())) return 1;

  RenderOutputChain::Ending ending;
  ending.source_error = frames.read_error();
  ending.expected = frames_left > 0 ? frames_left : 0;
  ending.of = total > 0 ? total : 0;
  ending.render_frames = settings.frames;
  ending.rate = number_text(info.fps);
  ending.seconds_per_frame = 1.0 / info.fps;
  ending.extra = wants_sound ? ", with sound" : "";
  return output.report(ending);
}

}  // namespace livedream::app
