// What the viewer remembers between runs, in $XDG_CONFIG_HOME/livedream (else ~/.config/livedream):
// settings.json (the last dream parameters, image, view and scheduling) and imgui.ini (the panel
// layout, written by Dear ImGui). `livedream --reset-settings` deletes both.
#pragma once
#include <optional>
#include <string>

#include "core/dream_params.h"

namespace livedream::viewer {

struct ViewerSettings {
  std::optional<DreamParams> params;
  std::string image;                        // last source image path; empty: the built-in clouds
  int window_width = 0, window_height = 0;  // 0: the default
  bool linear_filter = true;
  bool actual_size = false;
  bool panels_visible = true;
  float panel_width = 0;  // the default layout's side column (px); 0: the default
  float ui_scale = 1.0f;  // Ctrl + / Ctrl -: text and controls over the monitor's own size
  std::string schedule = "auto";
  bool dynamic_resolution = false;
  float target_steps_per_s = 10.0f;
  std::string midi_ports;  // the MIDI ports last opened (a selector), opened again at the next start
  std::string midi_map;    // the MIDI bindings (a map file's JSON text); empty: none
};

std::string config_dir();        // created on save
std::string imgui_ini_path();    // <config_dir>/imgui.ini
std::string settings_path();     // <config_dir>/settings.json
std::string user_presets_dir();  // <config_dir>/presets

// Missing file: defaults. A corrupt or invalid file: defaults, and *warning says why (never throws).
ViewerSettings load_viewer_settings(std::string* warning);
// The input a next start opens again: files (images and videos), not the clouds (the default
// anyway) nor a camera or a stream (which may be gone, or slow to time out, by then): "".
std::string remembered_input(const std::string& input);
// Creates the folder when needed; returns an error message, or empty on success (never throws).
std::string save_viewer_settings(const ViewerSettings& settings);
// Deletes settings.json and imgui.ini; returns what it removed (for the message).
int reset_viewer_settings();

}  // namespace livedream::viewer
