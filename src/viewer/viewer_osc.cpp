// OSC control on the render thread: the commands the OSC server's thread validated and queued are
// taken once a frame and become what a panel, a button or a key would have handed out: an edit of
// the UI's params_ with params_changed (so the change takes a slider's way to
// DreamSession::set_params), or a request flag. Whatever cannot apply is counted as refused and
// reported in a toast (at most one a second) and in the Stats panel; it never stops the viewer.
#include <chrono>
#include <filesystem>

#include "capture/live_capture.h"
#include "control/osc_server.h"
#include "core/error.h"
#include "viewer/viewer.h"

namespace livedream::viewer {

void Viewer::take_osc(ui::UiRequests& requests) {
  if (!osc_) return;
  for (const osc::Command& c : osc_->take()) {
    try {
      apply_osc_command(c, requests);
    } catch (const Error& e) {
      osc_->reject(e.what());
    }
  }
}

void Viewer::apply_osc_command(const osc::Command& c, ui::UiRequests& requests) {
  {
    {
      switch (c.action) {
        case osc::Action::SetParam:
          osc::apply_to_params(c, params_);
          requests.params_changed = true;
          break;
        // Toggles flip the frame's request, so two in one frame cancel as two key presses would.
        case osc::Action::TogglePause: requests.toggle_pause = !requests.toggle_pause; break;
        case osc::Action::SetPause:
          if ((c.flag == 1) != (ui_state_.paused != requests.toggle_pause)) requests.toggle_pause = !requests.toggle_pause;
          break;
        case osc::Action::Step: requests.single_step = true; break;
        case osc::Action::Reset: requests.reset = true; break;
        case osc::Action::Screenshot: requests.screenshot = true; break;
        case osc::Action::ToggleRecord: requests.toggle_recording = !requests.toggle_recording; break;
        case osc::Action::SetRecord:
          if ((c.flag == 1) != (capture_->recording() != requests.toggle_recording)) requests.toggle_recording = !requests.toggle_recording;
          break;
        case osc::Action::Preset: {
          // Only presets the Input tab lists, by name: a sender cannot point the viewer at a file.
          std::string path;
          for (const auto& p : ui_state_.presets)
            if (std::filesystem::path(p).stem().string() == c.text) path = p;
          if (path.empty()) throw usage_error("OSC /livedream/preset: no preset named '" + c.text + "'", "use a name the Input tab lists");
          requests.load_preset = path;
          break;
        }
        case osc::Action::Open: requests.open_image = c.text; break;
        case osc::Action::VideoPlay:
        case osc::Action::VideoPause:
        case osc::Action::VideoSeek:
        case osc::Action::VideoLoop:
        case osc::Action::VideoRate:
          if (!ui_state_.video.open || ui_state_.video.live)
            throw usage_error("OSC " + osc::address_table()[c.row].address + ": no video file is playing",
                              "open a video file first (/livedream/open)");
          if (c.action == osc::Action::VideoPlay) requests.video_play = 1;
          if (c.action == osc::Action::VideoPause) requests.video_play = 0;
          if (c.action == osc::Action::VideoSeek) requests.video_seek_s = c.numbers.at(0);
          if (c.action == osc::Action::VideoLoop) requests.video_loop = c.flag;
          if (c.action == osc::Action::VideoRate) requests.video_rate = c.numbers.at(0);
          break;
      }
    }
  }
}

void Viewer::fill_osc_view() {
  ui::OscView& v = ui_state_.osc;
  v.open = osc_ != nullptr;
  if (!osc_) return;
  const control::OscCounts counts = osc_->counts();
  v.bound = osc_->bound();
  v.received = counts.received;
  v.accepted = counts.accepted;
  v.rejected = counts.rejected;
  v.dropped = counts.dropped;
  v.last_error = counts.last_error;
  const auto now = FrameClock::Clock::now();
  if (counts.rejected > osc_rejected_shown_ && now - osc_toast_at_ >= std::chrono::seconds(1)) {
    const int64_t fresh = counts.rejected - osc_rejected_shown_;
    toast(ui::ToastLevel::Warning,
          fresh == 1 ? counts.last_error : std::to_string(fresh) + " OSC messages refused; the last: " + counts.last_error);
    osc_rejected_shown_ = counts.rejected;
    osc_toast_at_ = now;
  }
}

}  // namespace livedream::viewer
