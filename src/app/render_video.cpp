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
#include <iostream>
#include <optional>

#include "app/model_notice.h"
#include "app/progress_bar.h"
#include "capture/audio_mux.h"
#include "capture/encoder_factory.h"
#include "capture/ffmpeg_process.h"
#include "capture/frame_queue.h"
#include "capture/output_format.h"
#include "capture/recorder.h"
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

std::string frame_range(int64_t first, int64_t count) {
  return count <= 0 ? std::string("no frames")
                    : "frames " + std::to_string(first) + "-" + std::to_string(first + count - 1);
}

// 25 -> "25", 30000/1001 -> "29.97", 12.3 s -> "12.3".
std::string number_text(double fps) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", fps);
  return text;
}

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

// The feedback transform once per video frame, the ascent steps without it (as zoom renders).
DreamParams without_feedback(DreamParams params) {
  params.zoom = 1.0f;
  params.rotate_deg = params.pan_x = params.pan_y = params.source_blend = 0.0f;
  return params;
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
  int64_t start_frame = 0;             // the render's number of the first frame written now
  std::string start_image;             // the resume frame, or empty
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
      throw usage_error("--start cannot move a resumed render", "leave out --start: it goes on after frame " +
                                                                    std::to_string(resumed->frame));
  }
  s.input = request.input;
  if (request.frames_given || !resumed) s.frames = request.frames;  // 0: to the end
  if (request.steps_given || !resumed) s.steps_per_frame = request.steps_per_frame;
  if (s.frames > 0 && plan.start_frame >= s.frames)
    throw usage_error("nothing to render: --frames " + std::to_string(s.frames) + " ends before frame " +
                          std::to_string(plan.start_frame),
                      "raise --frames to make the render longer");
  const capture::RenderOutput output = capture::choose_render_output(request.out, resumed ? &*resumed : nullptr,
                                                                     request.resume_from, plan.start_frame);
  plan.spec = output.spec;
  s.out = output.out;
  return plan;
}

}  // namespace

int run_video_render(const VideoRenderRequest& request) {
  VideoPlan plan = plan_video_render(request);
  auto& settings = plan.settings;
  const DreamParams& params = request.params;

  // The output before the input and the model: an unwritable folder should not wait for them.
  capture::check_output(plan.spec);
  if (!request.metrics.empty()) {  // nor should a metrics file that could only fail after the render
    const fs::path folder = fs::path(request.metrics).parent_path();
    std::error_code ec;
    if (!folder.empty() && !fs::is_directory(folder, ec))
      throw usage_error("--metrics " + request.metrics + ": the folder " + folder.string() + " does not exist",
                        "create it or write the metrics elsewhere");
  }
  // Open the source at the first frame to dream. A fresh render starts at the frame at --start
  // (the first whose time is >= it); a resumed one at the frame after the last one written. The
  // position asked for is half a frame early, so rounding in the file's timestamps cannot skip it.
  auto source = video::VideoSource::open(settings.input, 0.0);
  const video::VideoInfo info = source->info();
  if (!plan.start_image.empty() || request.start_s > 0) {
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
  }
  const int fps_rounded = std::max(1, static_cast<int>(std::lround(info.fps)));
  settings.fps = fps_rounded;
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

  auto png_text = capture::params_png_text(params);
  png_text[png_keys::kModelSha256] = model->sha256();
  png_text[png_keys::kInput] = settings.input;
  png_text[png_keys::kSoftware] = "livedream " LIVEDREAM_VERSION;
  capture::EncoderRequest encoder_request;
  encoder_request.spec = plan.spec;
  encoder_request.fps = fps_rounded;
  encoder_request.frame_rate = info.frame_rate;
  encoder_request.first_number = plan.start_frame;
  {
    // The checkpoint must hold a positive length: the known total, else the frames asked for.
    auto checkpoint = settings;
    checkpoint.frames = settings.frames > 0 ? settings.frames : std::max<int64_t>(total, 1);
    png_text[png_keys::kRender] = capture::to_text(checkpoint);
  }
  encoder_request.png_text = png_text;
  auto opened = capture::open_encoder(encoder_request);
  if (!opened.notice.empty()) log::note(opened.notice);
  const bool writes_video = opened.spec.format != capture::OutputFormat::PngSequence;
  const bool wants_sound = info.has_audio && opened.spec.format == capture::OutputFormat::Mp4;

  dream::Engine engine(model, without_feedback(params_at(plan.start_frame)));
  if (!guide.empty()) engine.set_guide(guide);
  video::MotionTracker tracker;

  // The first frame, read now: its size is the dream's, and the info line can say it.
  Image frame;
  if (!source->read(frame))
    throw runtime_error(settings.input + " has no frames from there on", "give an earlier --start");
  Image fitted = fit_longest_side(frame, params.max_dim);
  const int64_t frames_left = total > 0 ? total - plan.start_frame : -1;
  log::info(log::words("rendering ", (frames_left > 0 ? std::to_string(frames_left) + " frames" : std::string("frames")), " of ",
                       settings.input, " from source frame ", settings.source_first + plan.start_frame, " at ", fitted.width, "x",
                       fitted.height, ", ", settings.steps_per_frame, " steps per frame, ", number_text(info.fps), " fps -> ",
                       opened.encoder->target(),
                       (request.default_preset.empty() ? "" : " (" + request.default_preset + " preset; --preset or options change it)")));
  if (!request.keyframes.empty()) log::info(request.keyframes.summary());

  const size_t capacity = capture::queue_capacity_for(fitted.width, fitted.height, size_t{64} << 20);
  capture::Recorder recorder(std::move(opened.encoder), fps_rounded, capacity);
  capture::StopSignals signals;  // Ctrl-C / SIGTERM: finish the file, then stop

  const capture::ResumeFrameWriter resume_frame(opened.spec, png_text);

  std::optional<video::FlickerMeter> meter;
  if (!request.metrics.empty()) meter.emplace(to_string(params.temporal));
  ProgressBar bar;
  std::string read_error;  // the source failed mid-way: what was dreamt so far is kept
  int64_t submitted = 0;
  RgbaFrame last;
  bool first = true;
  for (int64_t number = plan.start_frame; !capture::stop_requested(); ++number) {
    if (settings.frames > 0 && number >= settings.frames) break;
    if (!first) {
      try {
        if (!source->read(frame)) break;  // the end of the source
      } catch (const Error& e) {
        read_error = e.what();
        break;
      }
      fitted = fit_longest_side(frame, params.max_dim);
    }
    const video::FrameChange change = tracker.next(fitted);
    if (first) {
      engine.set_source(fitted);  // the dream starts from its first source frame
    } else {
      engine.next_frame(fitted, change.kind == video::FrameChange::Kind::Motion ? &change.motion : nullptr);
    }
    first = false;
    const DreamParams frame_params = params_at(number);
    if (frame_params.has_feedback()) {
      engine.set_params(frame_params);
      engine.apply_feedback();
    }
    engine.set_params(without_feedback(frame_params));
    // The first frame of a shot is dreamt as a still is, its whole octave schedule: one step a
    // frame would take that many frames to grow a dream (a faint shimmer meanwhile). The frames
    // after it carry that dream along the motion with their own few steps.
    const int steps = change.kind == video::FrameChange::Kind::Motion
                          ? settings.steps_per_frame
                          : std::max(settings.steps_per_frame, schedule_steps(frame_params, engine.octaves()));
    int step = 0;
    for (; step < steps && !capture::stop_requested(); ++step) engine.step();
    if (step < steps) break;  // interrupted mid-frame: that frame is not written
    RgbaFrame out = dream::host_rgba_frame(engine);

    // --metrics: how much the dream flickers, measured against the source's own motion.
    if (meter) meter->add(fitted, to_rgb(out), change);

    if (writes_video) last = out;
    if (!recorder.submit_wait(std::move(out))) break;  // the writer failed: its error follows
    ++submitted;
    bar.update_frames(submitted, frames_left);
    if (writes_video && submitted % fps_rounded == 0) resume_frame.save(last, number);
  }
  bar.finish();
  if (const std::string said = source->warning(); !said.empty()) log::warning(said);
  source.reset();  // ffmpeg stops reading (a camera is free again)
  const auto stats = recorder.stop();
  const int64_t last_number = plan.start_frame + stats.frames_written - 1;
  const std::string kept = opened.spec.format == capture::OutputFormat::PngSequence
                               ? capture::png_sequence_glob(opened.spec)
                               : opened.spec.path;

  // The sound of what was written, also after an interruption (the file stays playable).
  if (wants_sound && stats.frames_written > 0 && stats.error.empty()) {
    const double from = static_cast<double>(settings.source_first + plan.start_frame) / info.fps;
    const double length = static_cast<double>(stats.frames_written) / info.fps;
    try {
      capture::mux_source_audio(find_ffmpeg(), opened.spec.path, settings.input, from, length);
    } catch (const Error& e) {
      log::warning(e.what());
    }
  }

  if (meter) {
    nlohmann::json metrics = video::to_json(meter->report());
    metrics["temporal"] = to_string(params.temporal);
    metrics["temporal_decay"] = params.temporal_decay;
    metrics["temporal_blend"] = params.temporal_blend;
    metrics["steps_per_frame"] = settings.steps_per_frame;
    metrics["input"] = settings.input;
    try {
      write_file_atomically(request.metrics, metrics.dump(2) + "\n", "metrics file");
    } catch (const Error& e) {
      log::error(log::words(e.what(), " (the video itself is kept in ", kept, ")"));
      return 1;
    }
  }

  if (!stats.error.empty()) {
    log::error(log::words(stats.error, " (", frame_range(plan.start_frame, stats.frames_written), " kept in ", kept, ")"));
    return 1;
  }
  if (!read_error.empty()) {
    if (writes_video && stats.frames_written > 0) resume_frame.save(last, last_number);
    log::error(log::words(read_error, " (", frame_range(plan.start_frame, stats.frames_written), " kept in ", kept, ")"));
    return 1;
  }
  if (capture::stop_requested()) {
    std::string resume_from;
    if (stats.frames_written > 0) {
      if (writes_video) {
        resume_frame.save(last, last_number);
        resume_from = resume_frame.path();
      } else {
        resume_from = capture::png_frame_path(opened.spec, last_number);
      }
    }
    std::string said = log::words("interrupted: ", kept, " has ", frame_range(plan.start_frame, stats.frames_written));
    if (total > 0) said += log::words(" of ", total);
    if (!resume_from.empty()) {
      said += "; continue with: livedream render --resume-from " + resume_from;
      if (settings.frames > 0) said += log::words(" --frames ", settings.frames);
    }
    log::info(said);
    return capture::stop_signal() ? 128 + capture::stop_signal() : 1;
  }
  std::error_code ec;
  if (writes_video) fs::remove(resume_frame.path(), ec);  // finished: nothing to resume
  log::info(log::words("wrote ", kept, ": ", stats.frames_written, " frames at ", number_text(info.fps), " fps (",
                       seconds_text(static_cast<double>(stats.frames_written) / info.fps), (wants_sound ? ", with sound" : ""), ")"));
  return 0;
}

}  // namespace livedream::app
