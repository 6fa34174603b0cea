// What the viewer does on request: UI buttons and keys, dropped files, finished image loads, and
// the session's events. Every failure becomes a message in the window.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "core/log.h"
#include "core/presets.h"
#include "capture/live_capture.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/input_image.h"
#include "core/paths.h"
#include "ui/imgui_layer.h"
#include "ui/theme.h"
#include "render/frame_presenter.h"
#include "render/output_window.h"
#include "render/readback.h"
#include "render/window.h"
#include "ui/ui_terms.h"
#include "video/camera_list.h"
#include "video/video_source.h"
#include "viewer/library_files.h"
#include "viewer/viewer.h"

namespace livedream::viewer {
namespace fs = std::filesystem;

void Viewer::refresh_library_files() {
  std::vector<std::string> model_dirs = model_search_dirs();
  if (!ui_state_.model.loaded_path.empty()) model_dirs.push_back(fs::path(ui_state_.model.loaded_path).parent_path().string());
  if (!params_.model.empty()) model_dirs.push_back(fs::path(params_.model).parent_path().string());
  LibraryFiles files = find_library_files(model_dirs, {presets_dir(), user_presets_dir()});
  ui_state_.model.found_models = std::move(files.models);
  ui_state_.presets = std::move(files.presets);
  ui_state_.preset_descriptions = std::move(files.preset_descriptions);
  ui_state_.preset_problems = std::move(files.preset_problems);
}

void Viewer::choose_upload_path() {
  // Device frames go through interop when this window can take them; otherwise the session sends host frames.
  session_->set_device_frames(session_->stats().model->on_cuda && presenter_->takes_device_frames());
  session_->republish();
}

void Viewer::handle_session_events() {
  for (auto& e : session_->take_events()) {
    using K = session::SessionEvent::Kind;
    switch (e.kind) {
      case K::Info: toast(ui::ToastLevel::Info, e.text); break;
      case K::Warning: toast(ui::ToastLevel::Warning, e.text); break;
      case K::Error: toast(ui::ToastLevel::Error, ui::in_ui_terms(e.text)); break;
      case K::ModelLoaded: {
        model_ever_loaded_ = true;
        const auto model = session_->stats().model;
        // A model file is a program: say which one runs, as the CLI commands do.
        log::info(log::words("model ", model->path, " (sha256 ", model->sha256, ") on ", model->device));
        params_ = e.params;
        ui_state_.model.loaded_path = model->canonical_path;
        refresh_library_files();  // the model's own folder joins the list
        toast(e.text.find("not all in this model") != std::string::npos ? ui::ToastLevel::Warning : ui::ToastLevel::Info, e.text);
        choose_upload_path();
        break;
      }
      case K::ModelFailed:
        params_ = e.params;
        toast(ui::ToastLevel::Error, e.text);
        if ((options_.frames > 0 || options_.quit_after_steps > 0) && !model_ever_loaded_) fatal_ = true;  // a scripted run cannot go on
        break;
      case K::ParamsAdjusted: params_ = e.params; break;
      case K::ImageOpened:
        ui_state_.image_name = e.text;
        settings_.image = remembered_input(e.text);
        view_.reset();
        toast(ui::ToastLevel::Info, "dreaming on " + e.text);
        break;
      case K::GuideOpened:
        params_.guide = e.params.guide;
        toast(ui::ToastLevel::Info, e.params.guide.empty() ? std::string("guide cleared") : "guide " + e.params.guide);
        break;
    }
  }
}

void Viewer::apply_requests(const ui::UiRequests& r) {
  if (r.params_changed) session_->set_params(params_);
  atlas_open_ = r.atlas_open;
  atlas_->apply(r, ui_state_.atlas);
  if (r.toggle_pause) session_->set_paused(!ui_state_.paused);
  if (r.single_step) {
    session_->set_paused(true);  // S steps through a paused dream
    session_->single_step();
  }
  if (r.reset) session_->reset();
  if (r.screenshot) screenshot();
  if (r.screenshot_window) window_screenshot();
  if (r.toggle_recording) toggle_recording();
  apply_output_requests(r);
  apply_midi_requests(r);
  if (r.quit) closing_ = true;
  if (r.toggle_fullscreen) window_->set_fullscreen(!window_->fullscreen());
  if (r.toggle_ui) ui_.panels_visible = !ui_.panels_visible;
  if (r.toggle_output_window) set_output_window(!output_);
  if (r.ui_scale_steps != 0) {
    settings_.ui_scale = ui::stepped_ui_scale(settings_.ui_scale, r.ui_scale_steps);
    imgui_->set_ui_scale(settings_.ui_scale);
  }
  if (r.reset_view) view_.reset();
  if (r.default_image) open_input("clouds");
  if (r.clear_guide) session_->clear_guide();
  if (r.schedule_changed) {
    session_->set_schedule(ui_state_.lockstep ? session::Schedule::Lockstep : session::Schedule::Async);
    settings_.schedule = ui_state_.lockstep ? "lockstep" : "async";  // remembered: the user chose it
  }
  if (r.dynamic_changed) session_->set_dynamic_resolution(ui_state_.dynamic_resolution ? ui_state_.target_steps_per_s : 0.0);
  if (!r.open_image.empty()) open_input(r.open_image);
  if (video_ && r.video_toggle_play) video_->toggle_play();
  if (video_ && r.video_toggle_loop) video_->toggle_loop();
  if (video_ && r.video_play >= 0) video_->set_playing(r.video_play == 1);
  if (video_ && r.video_loop >= 0) video_->set_loop(r.video_loop == 1);
  if (video_ && r.video_rate > 0) video_->set_rate(r.video_rate);
  if (r.video_steps_per_frame >= 0) ui_state_.video.steps_per_frame = r.video_steps_per_frame;
  if (r.record_source_time >= 0) ui_state_.video.record_source_time = r.record_source_time == 1;
  if (video_ && r.video_seek_s >= 0) {
    video_->seek(r.video_seek_s);
    session_->restart_video();  // the frame after a seek is not the motion of the one before
  }
  if (r.refresh_cameras) refresh_cameras();
  if (!r.open_guide.empty()) loads_.open(r.open_guide, InputRole::Guide);
  if (!r.load_model.empty()) {
    params_.model = r.load_model;
    session_->set_params(params_);
  }
  if (!r.load_preset.empty()) load_preset(r.load_preset);
  if (!r.save_preset.empty()) save_preset(r.save_preset);
}

void Viewer::take_finished_loads() {
  while (auto done = loads_.take_finished()) {
    if (!done->error.empty())
      toast(ui::ToastLevel::Error, done->error);
    else if (done->role == InputRole::Guide)
      session_->set_guide(std::move(done->image), done->name, done->origin);
    else
      session_->set_source(std::move(done->image), done->name, done->origin);
  }
}

void Viewer::open_input(const std::string& input) {
  // The dream goes on from the last frame until the new input is there.
  video_.reset();
  if (!video::is_video_input(input)) {
    loads_.open(input, InputRole::Image);
    return;
  }
  video_ = std::make_unique<VideoPlayer>(input);
  toast(ui::ToastLevel::Info, "opening " + input);
}

void Viewer::poll_video() {
  // The limit holds while frames come; a paused or ended video (or none) dreams on its last frame.
  session_->set_video_steps_per_frame(video_ && video_->playing() ? ui_state_.video.steps_per_frame : 0);
  if (!video_) return;
  video_->hold(ui_state_.paused);
  VideoPlayer::Poll poll = video_->poll();
  if (poll.opened) {
    session_->restart_video();
    ui_state_.image_name = video_->name();
    settings_.image = remembered_input(video_->name());
    view_.reset();
    toast(ui::ToastLevel::Info, "dreaming on " + video_->name());
  }
  if (!poll.error.empty()) toast(ui::ToastLevel::Error, poll.error);
  if (!poll.warning.empty()) toast(ui::ToastLevel::Warning, poll.warning);
  if (poll.frame) session_->set_video_frame(std::move(*poll.frame));
  if (video_->failed()) video_.reset();  // the dream goes on from the last frame it had
}

void Viewer::refresh_cameras() {
  ui_state_.video.cameras.clear();
  ui_state_.video.camera_names.clear();
  for (const video::CameraInfo& camera : video::list_cameras()) {
    if (!camera.capture_node) continue;  // a UVC camera's metadata node gives no pictures
    ui_state_.video.cameras.push_back(camera.device);
    ui_state_.video.camera_names.push_back(camera.name);
  }
}

void Viewer::handle_drop(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".json") {
    load_preset(path);
  } else if (ext == ".pt") {
    params_.model = path;
    session_->set_params(params_);
    toast(ui::ToastLevel::Info, "loading model " + path);
  } else {
    open_input(path);  // anything else is tried as an image or a video; errors come back as messages
  }
}

void Viewer::load_preset(const std::string& path) {
  try {
    DreamParams loaded = livedream::load_preset(path, params_);
    validate(loaded);
    // A preset whose model is missing is refused here, with the reason the Presets panel shows,
    // rather than reported as loaded and then failing in the session.
    if (const PresetInfo info = preset_info(path); !info.available)
      throw runtime_error("preset " + info.name + " " + info.why_not, "");  // why_not names the fix
    params_ = loaded;
    session_->set_params(params_);
    std::error_code ec;
    ui_state_.active_preset = fs::weakly_canonical(path, ec).string();
    toast(ui::ToastLevel::Info, "preset " + fs::path(path).stem().string());
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::save_preset(const std::string& name) {
  try {
    if (name.find_first_of("/\\") != std::string::npos || name == "." || name == "..")
      throw usage_error("preset name '" + name + "' is not a plain name", "use letters, digits, - and _");
    std::error_code ec;
    fs::create_directories(user_presets_dir(), ec);
    if (ec) throw runtime_error("cannot create " + user_presets_dir() + ": " + ec.message(), "check the folder's permissions");
    const std::string path = user_presets_dir() + "/" + name + ".json";
    write_file_atomically(path, to_json(params_).dump(2) + "\n", "preset");
    refresh_library_files();
    toast(ui::ToastLevel::Info, "saved " + path);
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::window_screenshot() {
  try {
    // Called after the UI is drawn and before the swap: the back buffer holds this very frame.
    const RgbaFrame window = render::read_window_pixels(window_->framebuffer_size());
    toast(ui::ToastLevel::Info, capture_->on_window_screenshot(window, params_, shown_ ? shown_->step : 0));
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

capture::RecordingClock Viewer::recording_clock() const {
  capture::RecordingClock clock;
  // A moving input records in its own time (unless steps were asked for), with a file's sound.
  const std::optional<video::VideoInfo> info = video_ ? video_->info() : std::nullopt;
  if (!info || !ui_state_.video.record_source_time) return clock;
  clock.source_fps = info->fps;
  clock.frame_rate = info->frame_rate;
  if (info->has_audio && !info->live) clock.sound_from = video_->name();
  return clock;
}

void Viewer::toggle_recording() {
  const bool was_recording = capture_->recording();
  try {
    toast(ui::ToastLevel::Info, capture_->on_toggle_recording(params_, recording_clock()));
    if (!was_recording && capture_->recording()) recording_timeline_.start();
    if (was_recording && !capture_->recording()) write_recording_timeline();
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
    if (options_.record && options_.frames > 0) fatal_ = true;  // a scripted recording that cannot start
  }
}

void Viewer::write_recording_timeline() {
  const capture::RecordingIndicator& last = capture_->last_recording();
  if (!last.error.empty() || last.frames <= 0) return;
  try {
    const std::string path = recording_timeline_.finish(last.target, options_.record_fps, last.frames);
    if (!path.empty()) log::info("wrote the recording's timeline " + path);
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::screenshot() {
  try {
    const auto dream = host_dream_frame();
    if (!dream || dream->empty()) throw runtime_error("nothing to save yet", "wait for the first dream frame");
    toast(ui::ToastLevel::Info, capture_->on_screenshot(*dream, params_, shown_ ? shown_->step : 0, shown_timeline_json()));
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

}  // namespace livedream::viewer
