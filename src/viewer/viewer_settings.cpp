#include "viewer/viewer_settings.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/file_io.h"
#include "core/input_image.h"
#include "video/input_kind.h"

namespace livedream::viewer {
namespace fs = std::filesystem;

std::string config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/livedream";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/livedream";
  return ".livedream";
}

std::string imgui_ini_path() { return config_dir() + "/imgui.ini"; }
std::string settings_path() { return config_dir() + "/settings.json"; }
std::string user_presets_dir() { return config_dir() + "/presets"; }

ViewerSettings load_viewer_settings(std::string* warning) {
  ViewerSettings s;
  const std::string path = settings_path();
  std::error_code ec;
  if (!fs::exists(path, ec)) return s;
  try {
    const auto j = nlohmann::json::parse(read_file_text(path, "settings"));
    if (j.contains("params")) {
      s.params = params_from_json(j.at("params"));
      validate(*s.params);
    }
    s.image = j.value("image", s.image);
    s.window_width = j.value("window_width", 0);
    s.window_height = j.value("window_height", 0);
    s.linear_filter = j.value("linear_filter", s.linear_filter);
    s.actual_size = j.value("actual_size", s.actual_size);
    s.panels_visible = j.value("panels_visible", s.panels_visible);
    s.panel_width = j.value("panel_width", s.panel_width);
    s.ui_scale = j.value("ui_scale", s.ui_scale);
    s.schedule = j.value("schedule", s.schedule);
    s.dynamic_resolution = j.value("dynamic_resolution", s.dynamic_resolution);
    s.target_steps_per_s = j.value("target_steps_per_s", s.target_steps_per_s);
    s.midi_ports = j.value("midi_ports", s.midi_ports);
    if (j.contains("midi_map")) s.midi_map = j["midi_map"].dump();
  } catch (const std::exception& e) {
    if (warning)
      *warning = "ignored the saved settings " + path + ": " + first_line(e.what()) + " (livedream --reset-settings removes them)";
    return ViewerSettings{};
  }
  return s;
}

std::string save_viewer_settings(const ViewerSettings& s) {
  try {
    std::error_code ec;
    fs::create_directories(config_dir(), ec);
    if (ec) return "cannot create " + config_dir() + ": " + ec.message();
    nlohmann::json j;
    if (s.params) j["params"] = to_json(*s.params);
    j["image"] = s.image;
    j["window_width"] = s.window_width;
    j["window_height"] = s.window_height;
    j["linear_filter"] = s.linear_filter;
    j["actual_size"] = s.actual_size;
    j["panels_visible"] = s.panels_visible;
    j["panel_width"] = s.panel_width;
    j["ui_scale"] = s.ui_scale;
    j["schedule"] = s.schedule;
    j["dynamic_resolution"] = s.dynamic_resolution;
    j["target_steps_per_s"] = s.target_steps_per_s;
    if (!s.midi_ports.empty()) j["midi_ports"] = s.midi_ports;
    if (!s.midi_map.empty()) j["midi_map"] = nlohmann::json::parse(s.midi_map);
    write_file_atomically(settings_path(), j.dump(2) + "\n", "settings");
    return {};
  } catch (const std::exception& e) {
    return first_line(e.what());
  }
}

int reset_viewer_settings() {
  std::error_code ec;
  int removed = 0;
  removed += fs::remove(settings_path(), ec) ? 1 : 0;
  removed += fs::remove(imgui_ini_path(), ec) ? 1 : 0;
  return removed;
}

std::string remembered_input(const std::string& input) {
  if (is_builtin_clouds(input)) return {};
  return video::is_live_kind(video::classify_input(input), input) ? std::string() : input;
}

}  // namespace livedream::viewer
