#include "viewer/viewer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "capture/live_capture.h"
#include "capture/live_outputs.h"
#include "capture/screenshot_writer.h"
#include "control/osc_server.h"
#include "core/error.h"
#include "core/image_resize.h"
#include "core/input_image.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/presets.h"
#include "render/frame_presenter.h"
#include "render/output_window.h"
#include "render/readback.h"
#include "render/window.h"
#include "session/torch_backend.h"
#include "ui/imgui_layer.h"
#include "video/video_source.h"

namespace livedream::viewer {
namespace {

constexpr int kDefaultWidth = 1280, kDefaultHeight = 800;
constexpr int kSmallestModelSide = 64;  // what a model takes at least unless it says otherwise (dream/model.h)
const char* kCloudsName = "clouds";
using Clock = FrameClock::Clock;

capture::OutputFormat record_format(const std::string& name) {
  if (name == "gif") return capture::OutputFormat::Gif;
  if (name == "png") return capture::OutputFormat::PngSequence;
  return capture::OutputFormat::Mp4;
}

}  // namespace

Viewer::Viewer(const ViewerOptions& options, session::BackendFactory factory) : options_(options) {
  // Settings first: the remembered state, then the preset, then the command line.
  std::vector<std::string> startup_notes;
  if (options_.reset_settings) {
    const int removed = reset_viewer_settings();
    startup_notes.push_back(removed ? "saved settings removed (" + config_dir() + ")" : "no saved settings to remove");
  }
  std::string warning;
  settings_ = load_viewer_settings(&warning);
  if (!warning.empty()) startup_notes.push_back(warning);
  std::error_code ec;
  if (settings_.params) {
    params_ = *settings_.params;
    // A preset names its model by file name, found in the models folders: resolved as a load
    // would, not looked for in the current folder.
    if (!params_.model.empty()) {
      try {
        resolve_model_path(params_.model);
      } catch (const Error&) {
        startup_notes.push_back("the remembered model " + params_.model + " is gone: using the default model");
        params_.model.clear();
      }
    }
    if (!params_.guide.empty() && !std::filesystem::exists(params_.guide, ec)) params_.guide.clear();
  }
  // The command line's dream options (a preset, then the options given) go over the remembered ones.
  if (options_.resolve_params) params_ = options_.resolve_params(params_);
  validate(params_);

  // The source image: given, else remembered, else the clouds.
  Image source;
  InputOrigin source_origin;
  std::string image_name = kCloudsName;
  if (!options_.image.empty()) {
    source = open_startup_input(options_.image, source_origin);  // the user named it: an error here ends the program
    image_name = options_.image;
  } else if (!settings_.image.empty() && std::filesystem::exists(settings_.image, ec)) {
    try {
      source = open_startup_input(settings_.image, source_origin);
      image_name = settings_.image;
    } catch (const Error& e) {
      startup_notes.push_back(std::string("the remembered image could not be read: ") + e.what());
    }
  }
  if (source.empty()) {
    OpenedInput clouds = load_input_with_origin(kCloudsName, "input image");
    source = std::move(clouds.image);
    source_origin = clouds.origin;
  }
  // A remembered resolution that makes this picture too small for a model (64 px a side, the
  // models' usual least) would end the start with an error about the picture: it is dropped.
  if (settings_.params && !options_.max_dim_given && params_.max_dim == settings_.params->max_dim) {
    const PictureSize fitted = fitted_size(source.width, source.height, params_.max_dim);
    if (std::min(fitted.width, fitted.height) < kSmallestModelSide) {
      const int fallback = DreamParams{}.max_dim;
      startup_notes.push_back("the remembered resolution " + std::to_string(params_.max_dim) + " makes " + image_name + " " +
                              std::to_string(fitted.width) + "x" + std::to_string(fitted.height) + ", too small for the model: using " +
                              std::to_string(fallback));
      params_.max_dim = fallback;
    }
  }
  OpenedInput guide;
  if (!params_.guide.empty()) guide = load_input_with_origin(params_.guide, "guide image");

  const std::string schedule_text = !options_.schedule.empty() ? options_.schedule : settings_.schedule;
  const session::Schedule schedule = session::parse_schedule(schedule_text);
  const double dynamic = options_.dynamic_resolution >= 0 ? options_.dynamic_resolution
                         : settings_.dynamic_resolution   ? settings_.target_steps_per_s
                                                          : 0.0;

  // The OSC port before the window: a port already in use is a one-line error at start.
  if (options_.osc_port > 0) {
    osc_ = std::make_unique<control::OscServer>(options_.osc_port, options_.osc_bind);
    log::info("OSC on udp " + osc_->bound() + " (livedream osc --list shows the addresses)");
  }

  // The window: a setup boundary (no display, no GL 3.3: one line, exit 1).
  render::WindowConfig config;
  config.width = options_.width > 0 ? options_.width : settings_.window_width > 0 ? settings_.window_width : kDefaultWidth;
  config.height = options_.height > 0 ? options_.height : settings_.window_height > 0 ? settings_.window_height : kDefaultHeight;
  config.vsync = options_.vsync;
  config.debug_context = options_.gl_debug;
  config.title = "livedream";
  window_ = std::make_unique<render::Window>(config);
  std::filesystem::create_directories(config_dir(), ec);
  const bool keeps_layout = !ec && (!options_.scripted() || options_.remember);
  imgui_ = std::make_unique<ui::ImGuiLayer>(window_->handle(), keeps_layout ? imgui_ini_path() : std::string(), window_->content_scale());
  imgui_->set_ui_scale(settings_.ui_scale);  // the remembered Ctrl + / Ctrl - (kept within its limits)
  presenter_ = std::make_unique<render::FramePresenter>(shaders_dir());
  if (options_.output_window) set_output_window(true, /*from_command_line=*/true);
  outputs_ = std::make_unique<capture::LiveOutputs>();
  start_live_outputs_from_options();
  start_midi();
  atlas_ = std::make_unique<ViewerAtlas>(options_.atlas_source);
  capture::LiveCaptureOptions capture_options;
  capture_options.folder = options_.captures_dir;
  capture_options.fps = options_.record_fps;
  capture_options.format = record_format(options_.record_format);
  capture_ = std::make_unique<capture::LiveCapture>(capture_options);
  // Ctrl-C or SIGTERM while recording: the file is completed, then its timeline written, then the
  // process ends as the signal says.
  capture_->set_before_signal_exit([this] { write_recording_timeline(); });

  view_.linear = settings_.linear_filter;
  view_.actual_size = settings_.actual_size;
  ui_.panels_visible = settings_.panels_visible;
  ui_.panel_width = settings_.panel_width;
  ui_state_.view = &view_;
  ui_state_.image_name = image_name;
  ui_state_.dynamic_resolution = dynamic > 0;
  ui_state_.target_steps_per_s = dynamic > 0 ? static_cast<float>(dynamic) : settings_.target_steps_per_s;
  ui_state_.user_presets_dir = user_presets_dir();
  ui_state_.video.record_source_time = options_.record_timing != "steps";
  if (!options_.preset.empty()) ui_state_.active_preset = std::filesystem::weakly_canonical(preset_info(options_.preset).path, ec).string();
  ui_state_.stats.gl_renderer = window_->gl_renderer();
  ui_state_.model.loading = true;
  refresh_library_files();
  refresh_cameras();
  settings_.image = remembered_input(image_name);

  session_ = std::make_unique<session::DreamSession>(std::move(factory), schedule);
  session_->set_dynamic_resolution(dynamic);
  if (!guide.image.empty()) session_->set_guide(std::move(guide.image), params_.guide, guide.origin);
  session_->load(params_, std::move(source), source_origin);
  for (const auto& note : startup_notes) toast(ui::ToastLevel::Warning, note);
}

Image Viewer::open_startup_input(const std::string& input, InputOrigin& origin) {
  if (!video::is_video_input(input)) {
    OpenedInput opened = load_input_with_origin(input, "input image");
    origin = opened.origin;
    return std::move(opened.image);
  }
  auto source = video::VideoSource::open(input);
  Image first;
  if (!source->read(first)) throw runtime_error("the video " + input + " has no frames", "open another video");
  video_ = std::make_unique<VideoPlayer>(input, std::move(source));
  return first;  // the model loads on the first frame; the player goes on from the second
}

Viewer::~Viewer() {
  session_.reset();  // stop the worker before anything it feeds goes away
}

void Viewer::toast(ui::ToastLevel level, const std::string& text) {
  ui_.toasts().push(level, text);
  if (level == ui::ToastLevel::Error) {
    errors_.push_back(text);
    log::error(text);
  } else if (level == ui::ToastLevel::Warning) {
    log::warning(text);
  }
}

bool Viewer::frame() {
  const auto start = Clock::now();
  clock_.frame_started(start, dream_showing_);

  // 1. Poll: window events, dropped files, finished image loads, Ctrl-C while recording.
  window_->poll_events();
  if (window_->should_close()) closing_ = true;  // render this last frame, then stop
  for (const auto& path : window_->take_dropped_paths()) handle_drop(path);
  take_finished_loads();
  poll_video();
  if (auto message = capture_->poll()) toast(ui::ToastLevel::Error, *message);  // a recording that stopped by itself
  poll_live_outputs();

  // 2. Drain the session's events (model loaded, errors, ...).
  handle_session_events();

  apply_scripted_changes();

  // 3. Present the newest dream frame (lockstep: exactly one step per rendered frame).
  if (!ui_state_.paused && session_->schedule() == session::Schedule::Lockstep) session_->lockstep_step();
  present_newest_frame();

  // 4. Draw the UI, then the dream under it.
  imgui_->begin_frame();
  fill_ui_state();
  atlas_->update(params_, ui_state_.model, atlas_open_, ui_state_.atlas);
  ui::UiRequests requests;
  dream_area_ = ui::to_framebuffer(ui_.draw(params_, ui_state_, requests));
  take_osc(requests);   // after the panels: OSC edits the same params_ and requests, as a slider would
  take_midi(requests);  // MIDI too: its moves are OSC commands
  overlay_rects_.clear();
  for (const auto& r : ui_.toasts().last_rects()) overlay_rects_.push_back(ui::to_framebuffer(r));
  if (const auto& r = ui_.indicator_rect(); r[2] > 0) overlay_rects_.push_back(ui::to_framebuffer(r));
  ui::handle_view_gestures(view_, gestures_, dream_area_, presenter_->width(), presenter_->height());
  // Ctrl+click on the dream: the neuron point of the first layer term, then applied as a panel edit.
  if (const auto point = ui::point_clicked(dream_area_, presenter_->width(), presenter_->height(), view_))
    if (ui::place_point(params_.layers, *point, ui_.current_channel())) requests.params_changed = true;
  if (ui_state_.model.loading)
    ui::draw_dream_placeholder("Loading the model...", dream_area_);
  else if (presenter_->empty())
    ui::draw_dream_placeholder("No model loaded: pick one in the Model panel", dream_area_);
  presenter_->draw(window_->framebuffer_size(), dream_area_, view_);
  imgui_->end_frame();
  apply_requests(requests);

  // 5. Swap (the exit screenshots read the back buffer first).
  if (dream_showing_) ++counted_frames_;
  const bool enough = (options_.frames > 0 && counted_frames_ >= options_.frames) ||
                      (options_.quit_after_steps > 0 && shown_ && shown_->step >= options_.quit_after_steps);
  const bool last = closing_ || enough || fatal_;
  show_output(last);
  if (last) write_exit_screenshots();
  window_->swap_buffers();

  // vsync stand-in: where swapping does not wait (no vblank, e.g. a virtual display), hold the
  // display rate anyway instead of spinning a core.
  if (options_.vsync) {
    const auto period = std::chrono::duration<double>(0.97 / window_->refresh_rate());
    const auto until = start + std::chrono::duration_cast<Clock::duration>(period);
    if (Clock::now() < until) std::this_thread::sleep_until(until);
  }
  return !last;
}

void Viewer::present_newest_frame() {
  // Recording a dream whose frames stay on the GPU: the session adds a host copy of each frame.
  session_->set_host_frames(capture_->recording() || outputs_->any());
  auto frame = session_->latest_frame();
  if (!frame || frame->serial == shown_serial_) {
    if (shown_ && capture_->in_source_time()) record(shown_);  // the source's clock ticks on
    return;
  }
  if (output_) output_->before_texture_write();  // the output's painter may still be reading the texture
  const render::PresentResult result = presenter_->present(*frame);
  if (!result.warning.empty()) toast(ui::ToastLevel::Warning, result.warning);
  if (!result.error.empty()) toast(ui::ToastLevel::Error, "could not show the dream: " + result.error);
  if (result.wants_host_frames) {  // no interop (any more): ask for host frames
    session_->set_device_frames(false);
    session_->republish();
  }
  if (!result.shown) {
    if (!result.wants_host_frames) shown_serial_ = frame->serial;  // do not retry this frame every UI frame
    return;
  }
  shown_ = frame;
  shown_serial_ = frame->serial;
  if (!dream_showing_) {
    dream_showing_ = true;
    first_dream_frame_ = Clock::now();
    steps_at_first_frame_ = frame->step;
  }
  if (options_.record && !record_started_) {  // --record: the video starts with the first dream frame
    record_started_ = true;
    toggle_recording();
  }
  record(frame);
  feed_live_outputs(frame);
}

void Viewer::record(const std::shared_ptr<const RgbaFrame>& shown) {
  if (!capture_->recording()) return;
  // A device frame's pixels come from the session's host copy of the same frame (made on the
  // engine's thread), never from a texture readback on this one.
  std::shared_ptr<const RgbaFrame> host = shown->on_device ? session_->latest_host_frame() : shown;
  if (!host || host->serial != shown->serial) return;  // not copied yet: counted as a dropped step
  try {
    capture_->on_engine_frame(*host, ui_state_.video.open ? ui_state_.video.position_s : -1.0);
    recording_timeline_.on_recorded(*session_, host->serial);
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::fill_ui_state() {
  const session::SessionStats st = session_->stats();
  ui_state_.paused = st.paused;
  ui_state_.recording = capture_->recording();
  const capture::RecordingIndicator rec = capture_->indicator();
  ui_state_.recording_info = {rec.active, rec.timing, rec.elapsed_s, rec.frames, rec.dropped, rec.target};
  ui_state_.fullscreen = window_->fullscreen();
  ui_state_.dream_seconds = dream_showing_ ? std::chrono::duration<double>(Clock::now() - first_dream_frame_).count() : 0.0;
  ui_state_.last_capture = capture_->last_capture();
  if (st.schedule != session::Schedule::Auto) ui_state_.lockstep = st.schedule == session::Schedule::Lockstep;
  ui_state_.model.loading = st.loading;
  if (ui_state_.resolved_layers != st.resolved_layers) ui_state_.resolved_layers = st.resolved_layers;
  if (st.ready && st.model != model_) {  // a new model: its layers, once
    model_ = st.model;
    ui_state_.model.loaded_path = model_->canonical_path;
    ui_state_.model.device = model_->device;
    ui_state_.model.layers.clear();
    for (const auto& l : model_->layers) ui_state_.model.layers.push_back({l.name, l.channels, l.stride});
  }
  if (video_)
    video_->fill(ui_state_.video);
  else
    ui_state_.video.open = false;
  ui_state_.video.frames_dreamt = st.video_frames;
  ui_state_.video.frames_skipped += st.video_frames_skipped;  // decoded but never dreamt, wherever
  history_ = st.history;                                      // held for this frame: the panel draws views of it
  ui::StatsView& s = ui_state_.stats;
  s.steps = st.steps;
  s.steps_per_s = st.steps_per_s;
  s.step_ms = st.timings.total_ms;
  s.forward_ms = st.timings.forward_ms;
  s.backward_ms = st.timings.backward_ms;
  s.update_ms = st.timings.update_ms;
  s.phase_timings = st.timings.phases;
  s.upload_ms = presenter_->upload_stats().ms_recent;
  s.ui_frame_ms = clock_.recent_ms();
  s.loss = st.loss;
  s.width = st.width;
  s.height = st.height;
  s.upload_path = presenter_->upload_path();
  s.upload_note = st.model->on_cuda ? presenter_->interop_note() : std::string();
  s.schedule =
      std::string(session::to_string(st.schedule)) + (st.dynamic_max_dim ? ", dynamic " + std::to_string(st.dynamic_max_dim) + " px" : "");
  s.device = st.model->device;
  s.loss_history = history_->loss;
  s.step_ms_history = history_->step_ms;
  s.frame_ms_history = clock_.history();
  if (const auto& upload = presenter_->upload_stats(); upload.uploads != uploads_seen_) {
    uploads_seen_ = upload.uploads;
    upload_ms_history_.push(static_cast<float>(upload.ms_recent));
  }
  s.upload_ms_history = upload_ms_history_.values();
  if (ui_state_.video.open)
    video_skipped_history_.push(static_cast<float>(ui_state_.video.frames_skipped));
  else
    video_skipped_history_.clear();
  s.video_skipped_history = video_skipped_history_.values();
  ui_state_.output_open = output_ != nullptr;
  ui_state_.output_frame_ms = output_ ? output_->frame_ms() : 0.0;
  fill_osc_view();
  fill_midi_view();
}

std::shared_ptr<const RgbaFrame> Viewer::host_dream_frame() const {
  if (shown_ && !shown_->on_device) return shown_;  // the engine's frame itself
  if (auto host = session_->latest_host_frame(); host && shown_ && host->serial == shown_->serial) return host;
  if (presenter_->empty()) return nullptr;
  return std::make_shared<const RgbaFrame>(presenter_->read_back());  // a device frame: read the texture (a GPU wait)
}

void Viewer::apply_scripted_changes() {
  while (next_change_ < options_.changes.size() && shown_ && shown_->step >= options_.changes[next_change_].step) {
    const ScriptedChange& change = options_.changes[next_change_++];
    if (change.reset) {
      session_->reset();
      continue;
    }
    try {
      params_ = params_from_json(change.params, params_);
      session_->set_params(params_);
    } catch (const std::exception& e) {
      toast(ui::ToastLevel::Error, first_line(e.what()));
    }
  }
}

std::string Viewer::shown_timeline_json() const {
  if (!shown_) return {};
  const auto timeline = session_->timeline_for(shown_->serial);
  return timeline ? session::to_json(timeline.get()).dump() : std::string();
}

int Viewer::finish() {
  // Quitting completes the file: every frame so far stays playable.
  if (capture_->recording()) {
    log::info(capture_->stop_recording());
    write_recording_timeline();
  }
  if (options_.record && !capture_->last_recording().error.empty()) fatal_ = true;  // a scripted recording failed
  if (!options_.scripted() || options_.remember) {
    save_settings();
    imgui_->save_layout();
  }
  write_stats_json();
  if (fatal_) return 1;
  if ((options_.frames > 0 || options_.quit_after_steps > 0) && !dream_showing_) return 1;
  return 0;
}

int run_viewer(const ViewerOptions& options) {
  Viewer viewer(options, session::torch_backend_factory());
  while (viewer.frame()) {
  }
  return viewer.finish();
}

}  // namespace livedream::viewer
