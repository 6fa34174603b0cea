// The viewer's state, shared by viewer.cpp (setup and the frame), viewer_actions.cpp (what the
// UI, keys, drops and the session ask for) and viewer_report.cpp (exit files).
#pragma once
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/viewer_capture.h"
#include "app/dream_session.h"
#include "app/viewer.h"
#include "app/viewer_settings.h"
#include "render/dream_shader.h"
#include "render/gl_texture.h"
#include "render/texture_uploader.h"
#include "render/view.h"
#include "render/window.h"
#include "ui/imgui_layer.h"
#include "ui/viewer_ui.h"

namespace livedream::app {

using Clock = std::chrono::steady_clock;

struct Viewer::Impl {
  Impl(const ViewerOptions& options, BackendFactory factory);
  ~Impl();
  bool frame();
  int finish();

  // viewer_actions.cpp
  void handle_session_events();
  void apply_requests(const ui::UiRequests& requests);
  void handle_drop(const std::string& path);
  void load_preset(const std::string& path);
  void save_preset(const std::string& name);
  void refresh_file_lists();
  void screenshot();
  void window_screenshot();
  void toggle_recording();
  void poll_capture();
  void choose_upload_path();
  void toast(ui::ToastLevel level, const std::string& text);
  // Images and guides (files, URLs, "clouds") are loaded off the UI thread; a newer request of
  // the same kind replaces an older one.
  void open_input(const std::string& input, bool guide);
  void poll_loads();

  // viewer.cpp
  void upload_newest_frame();
  void fill_ui_state();
  void handle_view_mouse();
  void draw_placeholder();
  void capture_exit_files();

  // viewer_report.cpp
  void write_stats_json() const;
  void save_settings();

  ViewerOptions options_;
  ViewerSettings settings_;
  std::vector<std::string> startup_notes_;

  // Declared first, destroyed last: the GL context outlives every GL object below.
  std::unique_ptr<render::Window> window_;
  std::unique_ptr<ui::ImGuiLayer> imgui_;
  std::unique_ptr<render::DreamShader> shader_;
  render::GlTexture texture_;
  std::unique_ptr<render::TextureUploader> pbo_, cuda_;
  std::string upload_path_ = "cpu-pbo";
  std::string upload_note_;
  std::unique_ptr<ViewerCapture> capture_;
  std::unique_ptr<DreamSession> session_;  // destroyed first: its worker stops before GL goes

  ui::ViewerUi ui_;
  ui::ViewerUiState ui_state_;
  DreamParams params_;  // the UI's copy
  render::ViewState view_;
  render::PixelRect dream_area_, dream_rect_;  // framebuffer pixels
  std::vector<render::PixelRect> overlay_rects_;  // toasts over the dream area, framebuffer pixels
  bool dragging_ = false;

  std::shared_ptr<const SessionFrame> shown_;  // the frame in the texture
  uint64_t shown_serial_ = 0;
  double upload_ms_ = 0;
  int64_t uploads_ = 0;
  double upload_ms_total_ = 0;

  Clock::time_point started_ = Clock::now();
  Clock::time_point last_frame_start_{};
  Clock::time_point first_dream_frame_{};
  bool dream_showing_ = false;
  int counted_frames_ = 0;        // frames rendered since the dream first showed
  std::vector<double> frame_ms_;  // period of each counted frame
  double frame_ms_ema_ = 0;
  int64_t steps_at_first_frame_ = 0;
  bool closing_ = false;
  bool model_ever_loaded_ = false;
  bool fatal_ = false;  // headless run that cannot produce a dream
  std::vector<std::string> errors_;
  bool exit_files_written_ = false;
  bool record_started_ = false;  // --record: the recording began
  struct Load {
    std::future<Image> image;
    std::string name;
  };
  Load image_load_, guide_load_;
};

}  // namespace livedream::app
