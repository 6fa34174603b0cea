// What the panels read (ViewerUiState, filled by the app each frame) and what they ask for
// (UiRequests, applied by the app after the frame). Panels edit a DreamParams copy in place and
// set params_changed; the app hands the copy to the dream session, which applies it at its next step.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "render/view.h"

namespace livedream::ui {

struct LayerChoice {
  std::string name;
  int64_t channels = 0;
  int64_t stride = 0;
};

struct ModelView {
  std::string loaded_path;          // empty while none is loaded
  std::vector<LayerChoice> layers;  // shallow to deep
  std::string device;               // "cpu", "cuda:0"
  bool loading = false;
  std::vector<std::string> found_models;  // .pt files in the model folders
};

struct StatsView {
  int64_t steps = 0;
  double steps_per_s = 0;
  double step_ms = 0, forward_ms = 0, backward_ms = 0, update_ms = 0;
  bool phase_timings = false;  // forward/backward/update measured (always on the CPU)
  double upload_ms = 0;
  double ui_frame_ms = 0;
  float loss = 0;
  int width = 0, height = 0;  // engine resolution
  std::string upload_path;    // "cpu-pbo" / "cuda-gl-interop"
  std::string upload_note;    // why the interop path is not used, if it is not
  std::string schedule;       // "lockstep" / "async"
  std::string device;
  std::string gl_renderer;
  // Oldest first. Views of histories the app keeps (the session's shared snapshot, the viewer's
  // frame times): valid for the frame they are drawn in, never copied per frame.
  std::span<const float> loss_history;
  std::span<const float> frame_ms_history;
  std::span<const float> step_ms_history;
  std::span<const float> upload_ms_history;      // at each frame uploaded
  std::span<const float> video_skipped_history;  // the video's skipped frames so far, per UI frame (empty: no video)
};

// The recording indicator: shown over the dream while a recording runs.
struct RecordingView {
  bool active = false;
  std::string timing;  // "25 fps, source time, with sound" / "30 fps, one frame per step"
  double elapsed_s = 0;
  int64_t frames = 0;   // in the file
  int64_t dropped = 0;  // engine steps that did not reach the file (the goal is none)
  std::string target;   // the file being written
};

// The moving input (a video file, a stream or a camera), when one is open.
struct VideoView {
  bool open = false;
  std::string name;   // what was opened (path, URL, camera)
  bool live = false;  // a camera or stream: no seeking, no looping
  bool playing = false;
  bool loop = true;
  bool ended = false;  // a file that played to its end (not looping)
  double position_s = 0, duration_s = -1, fps = 0;
  int width = 0, height = 0;
  int64_t frames_dreamt = 0;   // frames the dream started from
  int64_t frames_skipped = 0;  // decoded frames the engine had no time for
  int64_t times_looped = 0;    // how often the file went back to its start
  double rate = 1.0;           // playback speed (1: the file's own)
  // F9 records in the source's time (its rate, with a file's sound), else one frame per step.
  bool record_source_time = true;
  std::vector<std::string> cameras;       // the capture devices found (/dev/videoN), for the picker
  std::vector<std::string> camera_names;  // same order: what the driver calls them
  // Ascent steps on each frame while the video plays, then the dream waits for the next frame
  // (0: as many as the engine manages). One keeps a played video steadiest (bench/RESULTS.md).
  int steps_per_frame = 1;
};

// The OSC port (livedream --osc PORT), when open: what arrived and what was refused.
struct OscView {
  bool open = false;
  std::string bound;  // "127.0.0.1:9000"
  int64_t received = 0, accepted = 0, rejected = 0, dropped = 0;
  std::string last_error;
};

// The channel atlas of the first layer's layer: a thumbnail per channel, made by the viewer's
// atlas worker; the Layers panel shows it as a grid.
struct AtlasView {
  std::string layer;               // empty: no model loaded yet
  std::vector<uint64_t> textures;  // per channel: a GL texture name, 0 while its picture is missing
  int64_t ready = 0, total = 0;
  bool computing = false;  // a batch is being computed now
  bool compute = true;     // missing pictures are computed while the atlas is open
  float share = 0.25f;     // the share of the time the computing may take, 0..1
  std::string error;
};

// One live output (capture/live_outputs.h) as the Output panel shows it.
struct OutputStatus {
  bool running = false;
  bool connected = false;  // the destination takes frames now
  std::string target;      // where it sends, in words
  int64_t frames = 0, repeated = 0;
  std::string error;  // the last failure while it retries
};

// The live outputs: a network stream and a virtual camera, side by side with a recording.
struct OutputsView {
  OutputStatus stream, camera;
  // The fields' starting text: the command line's, else the last used.
  std::string stream_url, stream_bitrate = "4M", camera_device;
  double fps = 0;  // the rate they send at (the display's)
};

// MIDI controllers (control/midi_*): the ports, MIDI learn, the bindings.
// What the binding list lets the user change in a binding.
struct MidiBindingEdit {
  double min = 0, max = 0;  // a knob's ends (min > max turns it round)
  bool log = false;         // a knob's curve: log, else linear
  bool pickup = true;       // soft takeover
  bool toggle = false;      // a button: presses toggle, else trigger
};

struct MidiBindingView {
  std::string source;   // the control in words: "CC 7 ch 1", "note C4 ch 10"
  std::string address;  // the OSC address it drives: "/livedream/step_size"
  std::string range;    // what it maps to, in words: "0.001..0.2 log", "toggle"
  bool knob = false;    // it sweeps a range (else it is pressed, as a button)
  MidiBindingEdit now;  // its settings as they are
};

struct MidiView {
  bool available = false;          // a MIDI system answered (ALSA's sequencer, or a JACK server)
  std::string system;              // "ALSA" or "JACK"
  std::vector<std::string> ports;  // the input ports there are
  std::vector<std::string> open;   // the ports open now
  std::string learning;            // the OSC address waiting for a control to move ("ADDRESS TEXT" for text); empty: none
  std::string last_event;          // the last message in words ("CC 7 = 100 ch 1"), a monitor line
  std::vector<MidiBindingView> bindings;
  std::map<std::string, std::string> bound;  // OSC address ("ADDRESS TEXT" for text) -> the control bound to it, in words
  uint64_t malformed = 0, unbound = 0, acted = 0;
  std::string map_file;  // the map file last loaded or saved (--midi-map)
  std::string error;     // the last problem (a port that went away, a bad map file)
};

struct ViewerUiState {
  ModelView model;
  StatsView stats;
  bool paused = false;
  bool output_open = false;    // the output window (render/output_window.h) is open
  double output_frame_ms = 0;  // its frame period, smoothed
  bool recording = false;
  RecordingView recording_info;
  bool lockstep = false;
  bool dynamic_resolution = false;
  float target_steps_per_s = 10.0f;
  std::string image_name;       // the source image path, or "clouds (built in)"
  std::string resolved_layers;  // the layers in force, strongN's chosen channels written in
  VideoView video;
  OscView osc;
  OutputsView outputs;
  MidiView midi;
  AtlasView atlas;
  std::vector<std::string> presets;              // preset files found, full paths
  std::vector<std::string> preset_descriptions;  // same order; empty when a preset has none
  std::vector<std::string> preset_problems;      // same order; why it cannot run here (its model is missing), else empty
  std::string active_preset;                     // the preset in use (--preset, Load, OSC), as a path in `presets`; empty: none
  std::string user_presets_dir;                  // where "Save" writes
  render::ViewState* view = nullptr;             // the view settings the View menu edits in place
  bool fullscreen = false;
  double dream_seconds = 0;  // how long the dream has been showing (quitting a young one does not ask)
  std::string last_capture;  // the last screenshot or recording saved, for the quit box
};

struct UiRequests {
  bool params_changed = false;
  bool toggle_pause = false, single_step = false, reset = false;
  bool screenshot = false, screenshot_window = false, toggle_recording = false;
  bool quit = false, toggle_fullscreen = false, toggle_ui = false, toggle_help = false;
  bool reset_view = false;
  bool reset_layout = false;
  bool toggle_output_window = false;  // View > Output window
  int ui_scale_steps = 0;             // Ctrl + / Ctrl -: the UI scale up (+) or down (-) by this many steps
  bool default_image = false;         // back to the built-in clouds
  bool clear_guide = false;
  bool schedule_changed = false;   // ViewerUiState.lockstep was edited
  bool dynamic_changed = false;    // dynamic_resolution / target_steps_per_s edited
  bool video_toggle_play = false;  // play / pause the video file (the dream goes on either way)
  bool video_toggle_loop = false;
  int video_play = -1;             // 1: play the video file, 0: pause it (OSC); -1: as it is
  int video_loop = -1;             // 1 / 0: loop the file or not; -1: as it is
  double video_rate = -1;          // > 0: the new playback speed (1: the file's own)
  double video_seek_s = -1;        // >= 0: seek the video file there
  int video_steps_per_frame = -1;  // >= 0: the new VideoView::steps_per_frame
  int record_source_time = -1;     // 1 / 0: the new VideoView::record_source_time
  bool refresh_cameras = false;    // list the capture devices again
  bool atlas_open = false;         // the atlas was shown this frame (its worker computes only then)
  int atlas_compute = -1;          // 0 / 1: the new AtlasView::compute
  float atlas_share = -1.0f;       // >= 0: the new AtlasView::share
  std::string open_image, load_model, open_guide, load_preset, save_preset;  // empty: none
  std::string start_stream, stream_bitrate, start_camera;                    // the Output panel's Start: empty: none
  bool stop_stream = false, stop_camera = false;
  // MIDI: learn the next control for an OSC address; forget a binding (by index, or every binding
  // of an address); open ports (a number, a name or "all") or close them; save or load a map file.
  std::string midi_learn, midi_forget_address, midi_open, midi_save_map, midi_load_map;
  std::string midi_learn_text;  // with midi_learn taking text (/livedream/preset): what the press sends
  bool midi_cancel_learn = false, midi_close = false;
  int midi_forget = -1;
  int midi_edit = -1;  // >= 0: that binding takes midi_edit_to
  MidiBindingEdit midi_edit_to;
};

}  // namespace livedream::ui
