// The Output panel: where the dream goes besides this window. A network stream and a virtual
// camera start and stop here, live, each with its state: sending, or why not while it retries.
#include <imgui.h>

#include "ui/panels.h"
#include "ui/string_input.h"
#include "ui/theme.h"

namespace livedream::ui {
namespace {

void status_line(const OutputStatus& s) {
  if (!s.running) {
    ImGui::TextColored(dim_text_color(), "off");
    return;
  }
  if (s.connected)
    ImGui::TextColored(accent_color(), "sending to %s", s.target.c_str());
  else
    ImGui::TextColored(warning_color(), "waiting for %s", s.target.c_str());
  ImGui::TextColored(dim_text_color(), "%lld frames sent, %lld of them repeats", static_cast<long long>(s.frames),
                     static_cast<long long>(s.repeated));
  if (!s.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, error_color());
    ImGui::TextWrapped("%s (retrying)", s.error.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace

void OutputPanel::draw(const ViewerUiState& state, UiRequests& requests) {
  const OutputsView& o = state.outputs;
  if (!seeded_) {
    url_ = o.stream_url;
    bitrate_ = o.stream_bitrate;
    device_ = o.camera_device;
    seeded_ = true;
  }
  if (ImGui::CollapsingHeader("Stream", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##stream url", "udp://127.0.0.1:5000, srt://, rtmp://, rtsp://, a .ts file", &url_);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputTextWithHint("bit rate##stream", "4M", &bitrate_);
    ImGui::SameLine();
    if (!o.stream.running) {
      ImGui::BeginDisabled(url_.empty());
      if (ImGui::Button("Start##stream")) {
        requests.start_stream = url_;
        requests.stream_bitrate = bitrate_.empty() ? "4M" : bitrate_;
      }
      ImGui::EndDisabled();
    } else if (ImGui::Button("Stop##stream")) {
      requests.stop_stream = true;
    }
    status_line(o.stream);
    if (o.stream.running) ImGui::TextColored(dim_text_color(), "H.264 at %.0f fps, a keyframe every half second", o.fps);
  }
  if (ImGui::CollapsingHeader("Virtual camera", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::InputTextWithHint("##camera device", "/dev/video7", &device_);
    ImGui::SameLine();
    if (!o.camera.running) {
      ImGui::BeginDisabled(device_.empty());
      if (ImGui::Button("Start##camera")) requests.start_camera = device_;
      ImGui::EndDisabled();
    } else if (ImGui::Button("Stop##camera")) {
      requests.stop_camera = true;
    }
    status_line(o.camera);
    if (!o.camera.running) {
      ImGui::PushStyleColor(ImGuiCol_Text, dim_text_color());
      ImGui::TextWrapped("a v4l2loopback device: see the README's Outputs and controllers");
      ImGui::PopStyleColor();
    }
  }
}

}  // namespace livedream::ui
