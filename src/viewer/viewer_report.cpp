// The viewer's exit files: --stats-json, and the remembered settings.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "capture/live_capture.h"
#include "capture/live_outputs.h"
#include "capture/screenshot_writer.h"
#include "control/osc_server.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/log.h"
#include "render/frame_presenter.h"
#include "render/output_window.h"
#include "render/readback.h"
#include "render/window.h"
#include "viewer/viewer.h"

namespace livedream::viewer {
namespace {

using Clock = FrameClock::Clock;

nlohmann::json rect_json(const render::PixelRect& r) { return {r.x, r.y, r.w, r.h}; }

}  // namespace

void Viewer::write_stats_json() const {
  if (options_.stats_json.empty()) return;
  const session::SessionStats st = session_->stats();
  const std::vector<double>& frame_ms = clock_.all_ms();
  nlohmann::json j;
  const double seconds = dream_showing_ ? std::chrono::duration<double>(Clock::now() - first_dream_frame_).count() : 0.0;
  j["frames"] = counted_frames_;
  j["seconds"] = seconds;
  j["ui_frame_ms"] = {
      {"p50", percentile(frame_ms, 50)},
      {"p90", percentile(frame_ms, 90)},
      {"p99", percentile(frame_ms, 99)},
      {"max", frame_ms.empty() ? 0.0 : *std::max_element(frame_ms.begin(), frame_ms.end())},
      {"mean", frame_ms.empty() ? 0.0 : std::accumulate(frame_ms.begin(), frame_ms.end(), 0.0) / frame_ms.size()},
      {"all", frame_ms},
  };
  j["ui_fps"] = frame_ms.empty() ? 0.0 : 1000.0 / percentile(frame_ms, 50);
  j["steps"] = st.steps;
  j["resolved_layers"] = st.resolved_layers;  // strongN's chosen channels: what reproduces the dream
  j["steps_while_showing"] = dream_showing_ && shown_ ? st.steps - steps_at_first_frame_ : 0;
  j["steps_per_s"] = seconds > 0 ? (st.steps - steps_at_first_frame_) / seconds : 0.0;
  j["step_ms"] = {{"total", st.timings.total_ms},   {"forward", st.timings.forward_ms},     {"backward", st.timings.backward_ms},
                  {"update", st.timings.update_ms}, {"phases_measured", st.timings.phases}, {"recent", st.history->step_ms}};
  j["loss"] = st.loss;
  j["video"] = {
      {"frames_dreamt", st.video_frames}, {"frames_skipped", st.video_frames_skipped}, {"times_looped", ui_state_.video.times_looped},
      {"open", ui_state_.video.open},     {"playing", ui_state_.video.playing},        {"loop", ui_state_.video.loop},
      {"rate", ui_state_.video.rate},     {"position_s", ui_state_.video.position_s}};
  const render::UploadStats& uploads = presenter_->upload_stats();
  j["upload"] = {{"path", presenter_->upload_path()},
                 {"ms_mean", uploads.uploads ? uploads.ms_total / uploads.uploads : 0.0},
                 {"uploads", uploads.uploads},
                 {"note", presenter_->interop_note()}};
  j["schedule"] = session::to_string(st.schedule);
  j["dynamic_max_dim"] = st.dynamic_max_dim;
  j["device"] = st.model->device;
  j["model"] = st.model->path;
  j["resolution"] = {st.width, st.height};
  const auto fb = window_->framebuffer_size();
  const auto win = window_->window_size();
  j["window"] = {win.width, win.height};
  j["framebuffer"] = {fb.width, fb.height};
  j["dream_area"] = rect_json(dream_area_);
  j["output_window"] = output_ != nullptr;
  j["paused"] = ui_state_.paused;
  {  // MIDI: what came in and what it did
    const MidiStats& m = midi_router_.stats();
    j["midi"] = {{"ports", midi_in_ ? midi_in_->open_ports() : std::vector<std::string>{}},
                 {"bindings", midi_router_.bindings().size()},
                 {"acted", m.acted},
                 {"held", m.held},
                 {"unbound", m.unbound},
                 {"ignored", m.ignored},
                 {"malformed", m.malformed}};
  }
  {  // the live outputs still running at the end, with what they sent
    const auto status = outputs_->status();
    auto describe = [](const capture::PacedOutputStats& o) {
      return nlohmann::json{{"target", o.target},
                            {"connected", o.connected},
                            {"frames_sent", o.frames_sent},
                            {"frames_new", o.frames_new},
                            {"repeated", o.frames_repeated},
                            {"first_frame_s", o.first_frame_s},
                            {"error", o.error}};
    };
    if (status.stream) j["stream"] = describe(*status.stream);
    if (status.camera) j["virtual_camera"] = describe(*status.camera);
  }
  j["dream_rect"] = rect_json(presenter_->image_rect());
  j["texture"] = {presenter_->width(), presenter_->height()};
  j["overlay_rects"] = nlohmann::json::array();
  for (const auto& r : overlay_rects_) j["overlay_rects"].push_back(rect_json(r));
  j["panels_visible"] = ui_.panels_visible;
  j["vsync"] = options_.vsync;
  j["display_hz"] = window_->refresh_rate();
  j["gl_renderer"] = window_->gl_renderer();
  j["gl_version"] = window_->gl_version();
  j["shown_step"] = shown_ ? shown_->step : 0;
  j["errors"] = errors_;
  if (osc_) {
    const control::OscCounts c = osc_->counts();
    j["osc"] = {{"bound", osc_->bound()}, {"received", c.received}, {"accepted", c.accepted},
                {"rejected", c.rejected}, {"dropped", c.dropped},   {"last_error", c.last_error}};
  }
  if (const capture::RecordingIndicator& rec = capture_->last_recording(); !rec.target.empty())
    j["recording"] = {{"file", rec.target},   {"frames", rec.frames}, {"dropped", rec.dropped},   {"fps", rec.fps},
                      {"timing", rec.timing}, {"sound", rec.sound},   {"seconds", rec.elapsed_s}, {"error", rec.error}};
  j["params"] = to_json(params_);
  try {
    write_file_atomically(options_.stats_json, j.dump(2) + "\n", "stats");
  } catch (const std::exception& e) {
    log::error(first_line(e.what()));
  }
}

void Viewer::save_settings() {
  settings_.params = params_;
  if (!window_->fullscreen()) {
    const auto size = window_->window_size();
    settings_.window_width = size.width;
    settings_.window_height = size.height;
  }
  settings_.linear_filter = view_.linear;
  settings_.actual_size = view_.actual_size;
  settings_.panels_visible = ui_.panels_visible;
  settings_.panel_width = ui_.panel_width;
  settings_.dynamic_resolution = ui_state_.dynamic_resolution;
  settings_.target_steps_per_s = ui_state_.target_steps_per_s;
  settings_.midi_ports = midi_in_ ? midi_in_->selector() : std::string();
  settings_.midi_map = midi_router_.bindings().empty() ? std::string() : to_json(midi_router_.map()).dump();
  const std::string error = save_viewer_settings(settings_);
  if (!error.empty()) log::warning("settings not saved: " + error);
}

void Viewer::write_exit_screenshots() {
  if (exit_files_written_) return;
  exit_files_written_ = true;
  try {
    if (!options_.screenshot_output.empty()) {
      if (output_shot_.empty())
        log::warning("--screenshot-output: the output window was not open at the end; no " + options_.screenshot_output + " written");
      else
        save_png(options_.screenshot_output, to_rgb(output_shot_));
    }
    if (!options_.screenshot_window.empty())
      save_png(options_.screenshot_window, to_rgb(render::read_window_pixels(window_->framebuffer_size())));
    if (!options_.screenshot_dream.empty()) {
      if (shown_ && shown_->step == 0 && options_.quit_after_steps == 0)
        log::note(log::words("the dream shown after ", counted_frames_, " frames has not been dreamt yet (step 0); ",
                             "use --quit-after-steps N to end after N steps on any schedule"));
      const auto dream = host_dream_frame();
      if (dream && !dream->empty())
        save_png(options_.screenshot_dream, to_rgb(*dream), capture::params_png_text(params_, shown_timeline_json()));
      else
        errors_.push_back("no dream frame to save in " + options_.screenshot_dream);
    }
  } catch (const std::exception& e) {
    errors_.push_back(first_line(e.what()));
    log::error(first_line(e.what()));
    fatal_ = true;
  }
}

}  // namespace livedream::viewer
