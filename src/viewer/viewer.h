// The live viewer: a window where the image dreams continuously and every control acts live.
// One frame reads like Dear ImGui's example_glfw_opengl3 loop: poll input -> drain the session's
// events -> present the newest dream frame -> draw the UI -> swap. The viewer owns the parts and
// wires them: a dream session (the engine on its worker), a frame presenter (texture and upload
// paths), the UI, and live capture. Setup problems throw livedream::Error from the constructor
// (no display: one line suggesting `livedream dream`); everything after is shown in the window
// and never ends the program.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "capture/live_capture.h"
#include "capture/stream_sink.h"
#include "core/dream_params.h"
#include "core/rgba_frame.h"
#include "render/view.h"
#include "session/dream_backend.h"
#include "session/dream_session.h"
#include "control/midi_input.h"
#include "control/midi_router.h"
#include "ui/dream_area.h"
#include "ui/viewer_ui.h"
#include "viewer/frame_clock.h"
#include "viewer/recent_history.h"
#include "viewer/input_loader.h"
#include "viewer/recording_timeline.h"
#include "viewer/video_player.h"
#include "viewer/viewer_atlas.h"
#include "viewer/viewer_options.h"
#include "viewer/viewer_settings.h"

namespace livedream::render {
class Window;
class FramePresenter;
class OutputWindow;
}  // namespace livedream::render
namespace livedream::ui {
class ImGuiLayer;
}  // namespace livedream::ui
namespace livedream::capture {
class LiveCapture;
class LiveOutputs;
}  // namespace livedream::capture
namespace livedream::control {
class OscServer;
class MidiInput;
}  // namespace livedream::control

namespace livedream::viewer {

class Viewer {
 public:
  Viewer(const ViewerOptions& options, session::BackendFactory factory);
  ~Viewer();
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  // Renders one frame; false when the viewer should close.
  bool frame();
  // Completes a recording, writes the exit files (stats), saves the settings; returns the exit code.
  int finish();

 private:
  // viewer.cpp: the frame
  // An image, or a video's first frame; `origin` says where it came from (unknown for a video).
  Image open_startup_input(const std::string& input, InputOrigin& origin);
  // The session timeline of the frame shown, as JSON for a PNG; empty when there is none.
  std::string shown_timeline_json() const;
  void apply_scripted_changes();  // --change-at: those whose step the dream shown has reached
  void present_newest_frame();
  // The output window: opened (from the menu a refusal is a toast and the dream goes on; from the
  // command line it throws, so the viewer exits with that one line), fed the dream texture once a
  // frame, dropped when the user closes it.
  void set_output_window(bool open, bool from_command_line = false);
  void show_output(bool last_frame);
  void record(const std::shared_ptr<const RgbaFrame>& shown);

  // viewer_live_outputs.cpp: a stream and a virtual camera beside the window
  double live_output_fps() const;
  capture::StreamSettings stream_settings(const std::string& url, const std::string& bitrate) const;
  std::string stream_sound_source() const;  // the video file being dreamt, whose sound a stream carries; empty: none
  void start_live_outputs_from_options();   // throws for bad command-line input
  void apply_output_requests(const ui::UiRequests& requests);
  void feed_live_outputs(const std::shared_ptr<const RgbaFrame>& shown);
  void poll_live_outputs();
  void fill_ui_state();
  std::shared_ptr<const RgbaFrame> host_dream_frame() const;  // the shown dream's pixels on the host
  void toast(ui::ToastLevel level, const std::string& text);

  // viewer_requests.cpp: what the UI, keys, drops and the session ask for
  void handle_session_events();
  void apply_requests(const ui::UiRequests& requests);
  void take_finished_loads();
  void open_input(const std::string& input);  // an image (InputLoader) or a video/camera (VideoPlayer)
  void poll_video();
  void refresh_cameras();
  void handle_drop(const std::string& path);
  void load_preset(const std::string& path);
  void save_preset(const std::string& name);
  void refresh_library_files();
  void screenshot();
  void window_screenshot();
  void toggle_recording();
  capture::RecordingClock recording_clock() const;  // how the next recording keeps time
  void write_recording_timeline();                  // beside the recording that just ended
  void choose_upload_path();

  // viewer_osc.cpp: OSC messages, taken once a frame, become the requests the panels hand out
  void take_osc(ui::UiRequests& requests);
  // One validated command as the panels would ask for it (OSC and MIDI share it). Throws
  // livedream::Error (usage) when it cannot apply (no such preset, no video playing, ...).
  void apply_osc_command(const osc::Command& command, ui::UiRequests& requests);

  // viewer_midi.cpp: MIDI controllers; their moves become OSC commands of the same table
  void start_midi();  // --midi, --midi-map, else the remembered ones; throws for bad command-line input
  void take_midi(ui::UiRequests& requests);
  void apply_midi_requests(const ui::UiRequests& requests);
  void fill_midi_view();
  std::optional<double> current_osc_value(const std::string& address) const;  // for soft takeover
  void fill_osc_view();

  // viewer_report.cpp: the exit files
  void write_exit_screenshots();  // --screenshot-*: read before the last swap
  void write_stats_json() const;
  void save_settings();

  ViewerOptions options_;
  ViewerSettings settings_;

  // The parts. The window is declared first and destroyed last: the GL context outlives every GL
  // object; the session is destroyed first: its worker stops before anything it feeds goes away.
  std::unique_ptr<render::Window> window_;
  std::unique_ptr<ui::ImGuiLayer> imgui_;
  std::unique_ptr<render::FramePresenter> presenter_;
  std::unique_ptr<render::OutputWindow> output_;  // the projector's window, while open
  RgbaFrame output_shot_;                         // its last frame, for --screenshot-output
  std::unique_ptr<capture::LiveCapture> capture_;
  std::unique_ptr<capture::LiveOutputs> outputs_;  // a stream, a virtual camera
  std::string stream_sound_;                       // the file whose sound the running stream carries
  std::unique_ptr<session::DreamSession> session_;
  std::unique_ptr<control::OscServer> osc_;      // --osc PORT; its thread only queues validated commands
  std::unique_ptr<control::MidiInput> midi_in_;  // the MIDI ports open (--midi, the Control panel)
  MidiRouter midi_router_;                       // MIDI learn and the bindings: MIDI in, OSC commands out
  control::MidiPorts midi_ports_;                // the ports there are, as last listed
  FrameClock::Clock::time_point midi_checked_;   // when the ports were last checked (plugged, unplugged)
  std::string midi_error_;
  FrameClock::Clock::time_point midi_toast_at_;
  // The channel atlas: its thumbnails are GL textures (destroyed before the window) and its worker
  // thread holds a model of its own.
  std::unique_ptr<ViewerAtlas> atlas_;
  bool atlas_open_ = false;  // the atlas panel was drawn last frame

  // What the UI shows and edits.
  ui::ViewerUi ui_;
  ui::ViewerUiState ui_state_;
  DreamParams params_;  // the UI's copy; the session gets it on every change
  render::ViewState view_;
  ui::ViewGestures gestures_;
  render::PixelRect dream_area_;                            // framebuffer pixels
  std::vector<render::PixelRect> overlay_rects_;            // toasts and the indicator over the dream, framebuffer pixels
  std::shared_ptr<const session::StepHistory> history_;     // the histories the stats panel shows this frame
  std::shared_ptr<const session::ModelDescription> model_;  // the model the UI lists layers of

  InputLoader loads_;
  std::unique_ptr<VideoPlayer> video_;  // the moving input, when one is open
  FrameClock clock_;
  RecentHistory upload_ms_history_;  // the upload time at each new frame uploaded
  int64_t uploads_seen_ = 0;
  RecentHistory video_skipped_history_;     // the video's skipped frames so far, each UI frame it is open
  std::shared_ptr<const RgbaFrame> shown_;  // the frame in the texture
  uint64_t shown_serial_ = 0;

  // The run, for scripted runs and the exit report.
  FrameClock::Clock::time_point first_dream_frame_{};
  bool dream_showing_ = false;
  int counted_frames_ = 0;  // frames rendered since the dream first showed
  size_t next_change_ = 0;  // the next --change-at to apply
  int64_t steps_at_first_frame_ = 0;
  bool closing_ = false;
  bool model_ever_loaded_ = false;
  bool fatal_ = false;  // a scripted run that cannot produce a dream
  bool exit_files_written_ = false;
  bool record_started_ = false;  // --record: the recording began
  RecordingTimeline recording_timeline_;
  std::vector<std::string> errors_;
  int64_t osc_rejected_shown_ = 0;                // OSC rejections already reported in a toast
  FrameClock::Clock::time_point osc_toast_at_{};  // the last such toast (at most one a second)
};

int run_viewer(const ViewerOptions& options);

}  // namespace livedream::viewer
