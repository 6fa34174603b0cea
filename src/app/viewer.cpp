#include "app/viewer.h"

#include <glad/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/input_image.h"
#include "app/viewer_impl.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/paths.h"
#include "capture/screenshot_writer.h"
#include "render/readback.h"

namespace livedream::app {
namespace {

constexpr int kDefaultWidth = 1280, kDefaultHeight = 800;

const char* kCloudsName = "clouds";

}  // namespace

Viewer::Impl::Impl(const ViewerOptions& options, BackendFactory factory) : options_(options) {
  // Settings first: the remembered state, then the preset, then the command line.
  if (options_.reset_settings) {
    const int removed = reset_viewer_settings();
    startup_notes_.push_back(removed ? "saved settings removed (" + config_dir() + ")" : "no saved settings to remove");
  }
  std::string warning;
  settings_ = load_viewer_settings(&warning);
  if (!warning.empty()) startup_notes_.push_back(warning);
  std::error_code ec;
  if (settings_.params) {
    params_ = *settings_.params;
    if (!params_.model.empty() && !std::filesystem::exists(params_.model, ec)) {
      startup_notes_.push_back("the remembered model " + params_.model + " is gone: using the default model");
      params_.model.clear();
    }
    if (!params_.guide.empty() && !std::filesystem::exists(params_.guide, ec)) params_.guide.clear();
  }
  // The command line's dream options (a preset, then the options given) go over the remembered ones.
  if (options_.resolve_params) params_ = options_.resolve_params(params_);
  validate(params_);

  // The source image: given, else remembered, else the clouds.
  Image source;
  std::string image_name = kCloudsName;
  if (!options_.image.empty()) {
    source = load_input_image(options_.image, "input image");  // the user named it: an error here ends the program
    image_name = options_.image;
  } else if (!settings_.image.empty() && std::filesystem::exists(settings_.image, ec)) {
    try {
      source = load_input_image(settings_.image, "input image");
      image_name = settings_.image;
    } catch (const Error& e) {
      startup_notes_.push_back(std::string("the remembered image could not be read: ") + e.what());
    }
  }
  if (source.empty()) source = load_input_image(kCloudsName, "input image");
  Image guide;
  if (!params_.guide.empty()) guide = load_input_image(params_.guide, "guide image");

  const std::string schedule_text = !options_.schedule.empty() ? options_.schedule : settings_.schedule;
  const Schedule schedule = parse_schedule(schedule_text);
  const double dynamic = options_.dynamic_resolution >= 0 ? options_.dynamic_resolution
                         : settings_.dynamic_resolution   ? settings_.target_steps_per_s
                                                          : 0.0;

  // The window: a setup boundary (no display, no GL 3.3: one line, exit 1).
  render::WindowConfig config;
  config.width = options_.width > 0 ? options_.width : settings_.window_width > 0 ? settings_.window_width : kDefaultWidth;
  config.height = options_.height > 0 ? options_.height : settings_.window_height > 0 ? settings_.window_height : kDefaultHeight;
  config.vsync = options_.vsync;
  config.debug_context = options_.gl_debug;
  config.title = "livedream";
  window_ = std::make_unique<render::Window>(config);
  std::filesystem::create_directories(config_dir(), ec);
  imgui_ = std::make_unique<ui::ImGuiLayer>(window_->handle(), ec ? std::string() : imgui_ini_path(), window_->content_scale());
  shader_ = std::make_unique<render::DreamShader>(shaders_dir());
  pbo_ = render::make_pbo_uploader();
  std::string why_no_interop;
  cuda_ = render::make_cuda_gl_uploader(&why_no_interop);
  if (!cuda_) upload_note_ = "CUDA-GL interop: " + why_no_interop;
  ViewerCaptureOptions capture_options;
  capture_options.folder = options_.captures_dir;
  capture_options.fps = options_.record_fps;
  capture_options.format = options_.record_format == "gif"   ? capture::OutputFormat::Gif
                           : options_.record_format == "png" ? capture::OutputFormat::PngSequence
                                                             : capture::OutputFormat::Mp4;
  capture_ = make_viewer_capture(capture_options);

  view_.linear = settings_.linear_filter;
  view_.actual_size = settings_.actual_size;
  ui_.panels_visible = settings_.panels_visible;
  ui_state_.view = &view_;
  ui_state_.image_name = image_name;
  ui_state_.dynamic_resolution = dynamic > 0;
  ui_state_.target_steps_per_s = dynamic > 0 ? static_cast<float>(dynamic) : settings_.target_steps_per_s;
  ui_state_.user_presets_dir = user_presets_dir();
  ui_state_.stats.gl_renderer = window_->gl_renderer();
  ui_state_.model.loading = true;
  refresh_file_lists();
  settings_.image = is_builtin_clouds(image_name) ? std::string() : image_name;

  session_ = std::make_unique<DreamSession>(std::move(factory), schedule);
  session_->set_dynamic_resolution(dynamic);
  if (!guide.empty()) session_->set_guide(std::move(guide), params_.guide);
  session_->load(params_, std::move(source));
  for (const auto& note : startup_notes_) toast(ui::ToastLevel::Warning, note);
}

Viewer::Impl::~Impl() {
  session_.reset();  // stop the worker before anything it feeds goes away
}

void Viewer::Impl::toast(ui::ToastLevel level, const std::string& text) {
  ui_.toasts().push(level, text);
  if (level == ui::ToastLevel::Error) {
    errors_.push_back(text);
    std::fprintf(stderr, "livedream: error: %s\n", text.c_str());
  }
}

bool Viewer::Impl::frame() {
  const auto start = Clock::now();
  if (dream_showing_ && last_frame_start_ != Clock::time_point{}) {
    const double ms = std::chrono::duration<double, std::milli>(start - last_frame_start_).count();
    frame_ms_.push_back(ms);
    frame_ms_ema_ = frame_ms_ema_ == 0 ? ms : frame_ms_ema_ * 0.9 + ms * 0.1;
    ui_state_.stats.frame_ms_history.push_back(static_cast<float>(ms));
    if (ui_state_.stats.frame_ms_history.size() > 240) ui_state_.stats.frame_ms_history.erase(ui_state_.stats.frame_ms_history.begin());
  }
  last_frame_start_ = start;

  window_->poll_events();
  if (window_->should_close()) closing_ = true;  // render this last frame, then stop
  for (const auto& path : window_->take_dropped_paths()) handle_drop(path);
  poll_loads();
  handle_session_events();
  poll_capture();

  // Lockstep: exactly one step per rendered frame.
  if (!ui_state_.paused && session_->schedule() == Schedule::Lockstep) session_->lockstep_step();
  upload_newest_frame();

  imgui_->begin_frame();
  fill_ui_state();
  ui::UiRequests requests;
  const render::PixelRect area = ui_.draw(params_, ui_state_, requests);
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  dream_area_ = {area.x * scale.x, area.y * scale.y, area.w * scale.x, area.h * scale.y};
  overlay_rects_.clear();
  for (const auto& r : ui_.toasts().last_rects()) overlay_rects_.push_back({r[0] * scale.x, r[1] * scale.y, r[2] * scale.x, r[3] * scale.y});
  if (const auto& r = ui_.indicator_rect(); r[2] > 0)
    overlay_rects_.push_back({r[0] * scale.x, r[1] * scale.y, r[2] * scale.x, r[3] * scale.y});
  handle_view_mouse();
  draw_placeholder();

  const render::Size fb = window_->framebuffer_size();
  glViewport(0, 0, fb.width, fb.height);
  glClearColor(0.035f, 0.035f, 0.045f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!texture_.empty() && fb.width > 0 && fb.height > 0) {
    texture_.set_linear_filter(view_.linear);
    dream_rect_ = render::image_rect(texture_.width(), texture_.height(), dream_area_, view_);
    shader_->draw(texture_, dream_rect_, dream_area_, fb);
  }
  imgui_->end_frame();
  apply_requests(requests);

  if (dream_showing_) ++counted_frames_;
  const bool enough = options_.frames > 0 && counted_frames_ >= options_.frames;
  const bool last = closing_ || enough || fatal_;
  if (last) capture_exit_files();
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

void Viewer::Impl::upload_newest_frame() {
  auto frame = session_->latest_frame();
  if (!frame || frame->serial == shown_serial_) return;
  render::RgbaFrame rf;
  rf.width = frame->width;
  rf.height = frame->height;
  rf.data = frame->rgba;
  rf.on_device = frame->on_device;
  rf.cuda_device = frame->device_index;
  render::TextureUploader* uploader = frame->on_device ? cuda_.get() : pbo_.get();
  if (!uploader) {  // a device frame without the interop path: ask for host frames
    session_->set_device_frames(false);
    session_->republish();
    return;
  }
  const auto t0 = Clock::now();
  const render::UploadResult result = uploader->upload(rf, texture_);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!result.ok) {
    if (frame->on_device) {  // the interop path failed: fall back to the CPU path for good
      upload_note_ = result.error;
      toast(ui::ToastLevel::Warning, result.error);
      cuda_.reset();
      session_->set_device_frames(false);
      session_->republish();
    } else {
      toast(ui::ToastLevel::Error, "could not show the dream: " + result.error);
    }
    shown_serial_ = frame->serial;  // do not retry this frame every UI frame
    return;
  }
  upload_path_ = uploader->name();
  upload_ms_ = upload_ms_ == 0 ? ms : upload_ms_ * 0.9 + ms * 0.1;
  upload_ms_total_ += ms;
  ++uploads_;
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
  if (capture_->recording()) {
    try {
      if (frame->on_device) {
        const Image rgb = render::read_texture_rgb(texture_);
        std::vector<uint8_t> rgba(static_cast<size_t>(rgb.width) * rgb.height * 4, 255);
        for (size_t i = 0, n = static_cast<size_t>(rgb.width) * rgb.height; i < n; ++i)
          std::copy_n(&rgb.rgb[i * 3], 3, &rgba[i * 4]);
        capture_->on_engine_frame({rgb.width, rgb.height, rgba.data(), frame->step});
      } else {
        capture_->on_engine_frame({frame->width, frame->height, frame->rgba, frame->step});
      }
    } catch (const std::exception& e) {
      toast(ui::ToastLevel::Error, first_line(e.what()));
    }
  }
}

void Viewer::Impl::fill_ui_state() {
  const SessionStats st = session_->stats();
  ui_state_.paused = st.paused;
  ui_state_.recording = capture_->recording();
  const RecordingIndicator rec = capture_->indicator();
  ui_state_.recording_info = {rec.active, rec.elapsed_s, rec.frames, rec.dropped, rec.target};
  ui_state_.fullscreen = window_->fullscreen();
  if (st.schedule != Schedule::Auto) ui_state_.lockstep = st.schedule == Schedule::Lockstep;
  ui_state_.model.loading = st.loading;
  if (st.ready) {
    std::error_code ec;
    const std::string canonical = std::filesystem::weakly_canonical(st.model.path, ec).string();
    ui_state_.model.loaded_path = ec ? st.model.path : canonical;
    ui_state_.model.device = st.model.device;
    if (ui_state_.model.layers.size() != st.model.layers.size() || ui_state_.model.layers.empty()) {
      ui_state_.model.layers.clear();
      for (const auto& l : st.model.layers) ui_state_.model.layers.push_back({l.name, l.channels, l.stride});
    }
  }
  ui::StatsView& s = ui_state_.stats;
  s.steps = st.steps;
  s.steps_per_s = st.steps_per_s;
  s.step_ms = st.timings.total_ms;
  s.forward_ms = st.timings.forward_ms;
  s.backward_ms = st.timings.backward_ms;
  s.update_ms = st.timings.update_ms;
  s.phase_timings = st.timings.phases;
  s.upload_ms = upload_ms_;
  s.ui_frame_ms = frame_ms_ema_;
  s.loss = st.loss;
  s.width = st.width;
  s.height = st.height;
  s.upload_path = upload_path_;
  s.upload_note = st.model.on_cuda ? upload_note_ : std::string();
  s.schedule = std::string(to_string(st.schedule)) + (st.dynamic_max_dim ? ", dynamic " + std::to_string(st.dynamic_max_dim) + " px" : "");
  s.device = st.model.device;
  s.loss_history = st.loss_history;
  s.step_ms_history = st.step_ms_history;
}

void Viewer::Impl::handle_view_mouse() {
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const float mx = io.MousePos.x * sx, my = io.MousePos.y * sy;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_ = false;
  if (io.WantCaptureMouse || texture_.empty()) return;
  const bool inside = dream_area_.contains(mx, my);
  if (inside && io.MouseWheel != 0.0f)
    render::zoom_at(view_, std::pow(1.15f, io.MouseWheel), mx, my, texture_.width(), texture_.height(), dream_area_);
  if (inside && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view_.reset();
  if (inside && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging_ = true;
  if (dragging_) {
    view_.pan_x += io.MouseDelta.x * sx;
    view_.pan_y += io.MouseDelta.y * sy;
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
  }
}

void Viewer::Impl::draw_placeholder() {
  const bool loading = ui_state_.model.loading;
  if (!texture_.empty() && !loading) return;
  const char* text = loading ? "Loading the model..." : "No model loaded: pick one in the Model panel";
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const ImVec2 size = ImGui::CalcTextSize(text);
  const float cx = (dream_area_.x + dream_area_.w * 0.5f) / scale.x, cy = (dream_area_.y + dream_area_.h * 0.5f) / scale.y;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 pad(14, 9);
  list->AddRectFilled(ImVec2(cx - size.x * 0.5f - pad.x, cy - size.y * 0.5f - pad.y),
                      ImVec2(cx + size.x * 0.5f + pad.x, cy + size.y * 0.5f + pad.y), IM_COL32(20, 18, 30, 220), 6.0f);
  list->AddText(ImVec2(cx - size.x * 0.5f, cy - size.y * 0.5f), IM_COL32(225, 220, 245, 255), text);
}

void Viewer::Impl::capture_exit_files() {
  if (exit_files_written_) return;
  exit_files_written_ = true;
  try {
    if (!options_.screenshot_window.empty()) save_png(options_.screenshot_window, render::read_window_pixels(window_->framebuffer_size()));
    if (!options_.screenshot_dream.empty()) {
      Image dream;
      if (shown_ && !shown_->on_device) {  // the engine's frame itself
        dream.width = shown_->width;
        dream.height = shown_->height;
        dream.rgb.resize(static_cast<size_t>(dream.width) * dream.height * 3);
        for (size_t i = 0, n = static_cast<size_t>(dream.width) * dream.height; i < n; ++i)
          std::copy_n(&shown_->rgba[i * 4], 3, &dream.rgb[i * 3]);
      } else {
        dream = render::read_texture_rgb(texture_);
      }
      if (!dream.empty()) save_png(options_.screenshot_dream, dream, capture::params_png_text(params_));
      else errors_.push_back("no dream frame to save in " + options_.screenshot_dream);
    }
  } catch (const std::exception& e) {
    errors_.push_back(first_line(e.what()));
    std::fprintf(stderr, "livedream: error: %s\n", first_line(e.what()).c_str());
    fatal_ = true;
  }
}

int Viewer::Impl::finish() {
  // Quitting completes the file: every frame so far stays playable.
  if (capture_->recording()) std::fprintf(stderr, "livedream: %s\n", capture_->stop_recording().c_str());
  if (options_.record && !capture_->last_recording().error.empty()) fatal_ = true;  // a scripted recording failed
  save_settings();
  imgui_->save_layout();
  write_stats_json();
  if (fatal_) return 1;
  if (options_.frames > 0 && !dream_showing_) return 1;
  return 0;
}

Viewer::Viewer(const ViewerOptions& options, BackendFactory factory)
    : impl_(std::make_unique<Impl>(options, std::move(factory))) {}
Viewer::~Viewer() = default;
bool Viewer::frame() { return impl_->frame(); }
int Viewer::finish() { return impl_->finish(); }

int run_viewer(const ViewerOptions& options) {
  Viewer viewer(options);
  while (viewer.frame()) {
  }
  return viewer.finish();
}

}  // namespace livedream::app
