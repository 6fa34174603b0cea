// What the viewer does on request: UI buttons and keys, dropped files, and the session's events.
// Every failure becomes a message in the window.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "app/dream_options.h"
#include "app/input_image.h"
#include "app/viewer_impl.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/paths.h"
#include "render/readback.h"

namespace livedream::app {
namespace fs = std::filesystem;

namespace {
std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::vector<std::string> files_with_extension(const std::vector<std::string>& dirs, const std::string& ext) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_regular_file(ec) || lower_extension(entry.path().string()) != ext) continue;
      const std::string path = fs::weakly_canonical(entry.path(), ec).string();
      if (std::find(found.begin(), found.end(), path) == found.end()) found.push_back(path);
    }
  }
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    return fs::path(a).filename() < fs::path(b).filename();
  });
  return found;
}
}  // namespace

void Viewer::Impl::refresh_file_lists() {
  std::vector<std::string> model_dirs = model_search_dirs();
  if (!ui_state_.model.loaded_path.empty()) model_dirs.push_back(fs::path(ui_state_.model.loaded_path).parent_path().string());
  if (!params_.model.empty()) model_dirs.push_back(fs::path(params_.model).parent_path().string());
  ui_state_.model.found_models = files_with_extension(model_dirs, ".pt");
  ui_state_.presets = files_with_extension({presets_dir(), user_presets_dir()}, ".json");
  ui_state_.preset_descriptions.clear();
  for (const auto& path : ui_state_.presets) {
    std::string description;
    try {
      const auto j = nlohmann::json::parse(read_file_text(path, "preset"));
      if (j.is_object() && j.contains("description") && j["description"].is_string()) description = j["description"];
    } catch (const std::exception&) {
      description = "(not a valid preset file)";
    }
    ui_state_.preset_descriptions.push_back(description);
  }
}

void Viewer::Impl::choose_upload_path() {
  const bool on_cuda = session_->stats().model.on_cuda;
  const bool interop = on_cuda && cuda_ != nullptr;
  session_->set_device_frames(interop);
  upload_path_ = interop ? cuda_->name() : pbo_->name();
  session_->republish();
}

void Viewer::Impl::handle_session_events() {
  for (auto& e : session_->take_events()) {
    using K = SessionEvent::Kind;
    switch (e.kind) {
      case K::Info: toast(ui::ToastLevel::Info, e.text); break;
      case K::Warning: toast(ui::ToastLevel::Warning, e.text); break;
      case K::Error: toast(ui::ToastLevel::Error, e.text); break;
      case K::ModelLoaded: {
        model_ever_loaded_ = true;
        const ModelDescription model = session_->stats().model;
        // A model file is a program: say which one runs, as the CLI commands do.
        std::printf("livedream: model %s (sha256 %s) on %s\n", model.path.c_str(), model.sha256.c_str(), model.device.c_str());
        std::fflush(stdout);
        params_ = e.params;
        ui_state_.model.layers.clear();  // refilled from the session's description
        ui_state_.model.loaded_path = fs::weakly_canonical(session_->stats().model.path).string();
        refresh_file_lists();  // the model's own folder joins the list
        toast(e.text.find("not all in this model") != std::string::npos ? ui::ToastLevel::Warning : ui::ToastLevel::Info, e.text);
        choose_upload_path();
        break;
      }
      case K::ModelFailed:
        params_ = e.params;
        toast(ui::ToastLevel::Error, e.text);
        if (options_.frames > 0 && !model_ever_loaded_) fatal_ = true;  // a scripted run cannot go on
        break;
      case K::ParamsAdjusted: params_ = e.params; break;
      case K::ImageOpened:
        ui_state_.image_name = e.text;
        settings_.image = is_builtin_clouds(e.text) ? std::string() : e.text;
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

void Viewer::Impl::apply_requests(const ui::UiRequests& r) {
  if (r.params_changed) session_->set_params(params_);
  if (r.toggle_pause) session_->set_paused(!ui_state_.paused);
  if (r.single_step) {
    session_->set_paused(true);  // S steps through a paused dream
    session_->single_step();
  }
  if (r.reset) session_->reset();
  if (r.screenshot) screenshot();
  if (r.screenshot_window) window_screenshot();
  if (r.toggle_recording) toggle_recording();
  if (r.quit) closing_ = true;
  if (r.toggle_fullscreen) window_->set_fullscreen(!window_->fullscreen());
  if (r.toggle_ui) ui_.panels_visible = !ui_.panels_visible;
  if (r.reset_view) view_.reset();
  if (r.default_image) open_input("clouds", false);
  if (r.clear_guide) session_->clear_guide();
  if (r.schedule_changed) {
    session_->set_schedule(ui_state_.lockstep ? Schedule::Lockstep : Schedule::Async);
    settings_.schedule = ui_state_.lockstep ? "lockstep" : "async";  // remembered: the user chose it
  }
  if (r.dynamic_changed) session_->set_dynamic_resolution(ui_state_.dynamic_resolution ? ui_state_.target_steps_per_s : 0.0);
  if (!r.open_image.empty()) open_input(r.open_image, false);
  if (!r.open_guide.empty()) open_input(r.open_guide, true);
  if (!r.load_model.empty()) {
    params_.model = r.load_model;
    session_->set_params(params_);
  }
  if (!r.load_preset.empty()) load_preset(r.load_preset);
  if (!r.save_preset.empty()) save_preset(r.save_preset);
}

void Viewer::Impl::handle_drop(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".json") {
    load_preset(path);
  } else if (ext == ".pt") {
    params_.model = path;
    session_->set_params(params_);
    toast(ui::ToastLevel::Info, "loading model " + path);
  } else {
    open_input(path, false);  // anything else is tried as an image; errors come back as messages
  }
}

void Viewer::Impl::open_input(const std::string& input, bool guide) {
  // Decoding a large photo (or downloading one) takes a while: a helper thread does it, so neither
  // the UI nor the dream waits, and a bad file is reported as soon as it is read.
  Load& load = guide ? guide_load_ : image_load_;
  load.name = input;
  load.image = std::async(std::launch::async, [input, guide] {
    return load_input_image(input, guide ? "guide image" : "input image");
  });
}

void Viewer::Impl::poll_loads() {
  for (Load* load : {&image_load_, &guide_load_}) {
    if (!load->image.valid() || load->image.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;
    try {
      Image image = load->image.get();
      if (load == &guide_load_) session_->set_guide(std::move(image), load->name);
      else session_->set_source(std::move(image), load->name);
    } catch (const std::exception& e) {
      toast(ui::ToastLevel::Error, first_line(e.what()));
    }
  }
}

void Viewer::Impl::load_preset(const std::string& path) {
  try {
    DreamParams loaded = app::load_preset(path, params_);
    validate(loaded);
    params_ = loaded;
    session_->set_params(params_);
    toast(ui::ToastLevel::Info, "preset " + fs::path(path).stem().string());
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::Impl::save_preset(const std::string& name) {
  try {
    if (name.find_first_of("/\\") != std::string::npos || name == "." || name == "..")
      throw usage_error("preset name '" + name + "' is not a plain name", "use letters, digits, - and _");
    std::error_code ec;
    fs::create_directories(user_presets_dir(), ec);
    if (ec) throw runtime_error("cannot create " + user_presets_dir() + ": " + ec.message(), "check the folder's permissions");
    const std::string path = user_presets_dir() + "/" + name + ".json";
    write_file_atomically(path, to_json(params_).dump(2) + "\n", "preset");
    refresh_file_lists();
    toast(ui::ToastLevel::Info, "saved " + path);
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::Impl::window_screenshot() {
  try {
    // Called after the UI is drawn and before the swap: the back buffer holds this very frame.
    const Image window = render::read_window_pixels(window_->framebuffer_size());
    toast(ui::ToastLevel::Info, capture_->on_window_screenshot(window, params_, shown_ ? shown_->step : 0));
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::Impl::toggle_recording() {
  try {
    toast(ui::ToastLevel::Info, capture_->on_toggle_recording(params_));
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
    if (options_.record && options_.frames > 0) fatal_ = true;  // a scripted recording that cannot start
  }
}

void Viewer::Impl::poll_capture() {
  // Acts on Ctrl-C while recording (completes the file, then quits) and reports a recording that
  // stopped by itself (disk full, ffmpeg gone).
  if (auto message = capture_->poll()) toast(ui::ToastLevel::Error, *message);
}

void Viewer::Impl::screenshot() {
  try {
    if (texture_.empty()) throw runtime_error("nothing to save yet", "wait for the first dream frame");
    const Image dream = render::read_texture_rgb(texture_);
    toast(ui::ToastLevel::Info, capture_->on_screenshot(dream, params_, shown_ ? shown_->step : 0));
  } catch (const std::exception& e) {
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

}  // namespace livedream::app
