#include <imgui.h>

#include <cstdio>
#include <string>

#include "core/param_table.h"
#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {
namespace {

std::string clock_text(double seconds) {
  if (seconds < 0) return "--:--";
  const int total = static_cast<int>(seconds);
  char text[32];
  std::snprintf(text, sizeof text, "%d:%02d.%d", total / 60, total % 60, static_cast<int>((seconds - total) * 10));
  return text;
}

}  // namespace

void VideoPanel::draw_playback(const ViewerUiState& state, UiRequests& requests) {
  const VideoView& v = state.video;
  ImGui::TextUnformatted(file_name(v.name).c_str());
  item_tooltip(v.name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(dim_text_color(), "%dx%d, %.3g fps%s", v.width, v.height, v.fps, v.live ? ", live" : "");
  bool source_time = v.record_source_time;
  if (ImGui::Checkbox("Record in the video's time", &source_time)) requests.record_source_time = source_time ? 1 : 0;
  item_tooltip(
      "On: F9 records at the video's rate with its sound, the dream shown at each of its frames.\n"
      "Off: one frame per engine step at --record-fps, as for a still.");
  if (v.live) {
    ImGui::TextColored(dim_text_color(), "the newest frame is dreamt at the engine's pace");
    return;
  }
  const char* play_label = v.playing ? "Pause video" : (v.ended ? "Play again" : "Play video");
  if (wide_button(play_label, 0.5f)) requests.video_toggle_play = true;
  ImGui::SameLine();
  bool loop = v.loop;
  if (ImGui::Checkbox("Loop", &loop)) requests.video_toggle_loop = true;
  midi_learn_menu("/livedream/video/loop", state, requests);
  row_label("Speed");
  float rate = static_cast<float>(v.rate);
  ImGui::SetNextItemWidth(-1);
  if (slider_committed(ImGui::SliderFloat("##video_rate", &rate, 0.1f, 4.0f, "%.2fx", ImGuiSliderFlags_Logarithmic)))
    requests.video_rate = rate;
  item_tooltip("Playback speed of the file (1: its own); the dream keeps its pace.");
  midi_learn_menu("/livedream/video/rate", state, requests);
  if (v.duration_s > 0) {
    float position = seeking_ ? seek_to_ : static_cast<float>(v.position_s);
    const std::string format = clock_text(position) + " / " + clock_text(v.duration_s);
    ImGui::SetNextItemWidth(-1);
    // Seeks when the handle is let go (or a typed time is entered), not at every pixel of a drag:
    // each seek restarts the decoder.
    ImGui::SliderFloat("##video_position", &position, 0.0f, static_cast<float>(v.duration_s), format.c_str());
    if (ImGui::IsItemActive()) {
      seeking_ = true;
      seek_to_ = position;
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) requests.video_seek_s = position;
    if (!ImGui::IsItemActive()) seeking_ = false;
  }
}

namespace {

void draw_camera_picker(const VideoView& v, int& selected, UiRequests& requests) {
  row_label("Camera");
  if (v.cameras.empty()) {
    ImGui::TextColored(dim_text_color(), "none found (/dev/video*)");
  } else {
    if (selected >= static_cast<int>(v.cameras.size())) selected = 0;
    auto label = [&](size_t i) { return v.camera_names[i].empty() ? v.cameras[i] : v.cameras[i] + " (" + v.camera_names[i] + ")"; };
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.6f);
    if (ImGui::BeginCombo("##camera", label(static_cast<size_t>(selected)).c_str())) {
      for (size_t i = 0; i < v.cameras.size(); ++i)
        if (ImGui::Selectable(label(i).c_str(), static_cast<int>(i) == selected)) selected = static_cast<int>(i);
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Open##camera", ImVec2(-1, 0))) requests.open_image = v.cameras[static_cast<size_t>(selected)];
  }
  if (ImGui::SmallButton("Look for cameras again")) requests.refresh_cameras = true;
}

bool draw_temporal(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  bool changed = false;
  static const char* const kModes[] = {"flow", "blend", "off"};
  static const TemporalMode kValues[] = {TemporalMode::Flow, TemporalMode::Blend, TemporalMode::Off};
  int mode = 0;
  for (int i = 0; i < 3; ++i)
    if (params.temporal == kValues[i]) mode = i;
  row_label("Coherence");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##temporal", &mode, kModes, 3)) {
    params.temporal = kValues[mode];
    changed = true;
  }
  item_tooltip(
      "How each video frame's dream starts from the last one.\n"
      "flow: the dream's detail moves with the picture (optical flow); no flicker\n"
      "blend: the last dream blended into the new frame (ghosts on motion)\n"
      "off: every frame dreamt alone (flickers)");
  if (params.temporal == TemporalMode::Flow) {
    row_label("Carry over");
    changed |= slider_committed(ImGui::SliderFloat("##temporal_decay", &params.temporal_decay, 0.0f, 1.0f, "%.2f"));
    item_tooltip("Fraction of the dream's detail carried to the next frame along the motion.");
    midi_learn_menu("/livedream/temporal_decay", state, requests);
  } else if (params.temporal == TemporalMode::Blend) {
    row_label("Blend");
    changed |= slider_committed(ImGui::SliderFloat("##temporal_blend", &params.temporal_blend, 0.0f, 1.0f, "%.2f"));
    item_tooltip("Weight of the last dream in the next frame's start.");
    midi_learn_menu("/livedream/temporal_blend", state, requests);
  }
  if (params.temporal != TemporalMode::Off) {
    // The parameter table's row names and explains it, as --temporal-step and OSC do.
    const param::Row& row = *param::find("temporal_step");
    row_label(row.label.c_str());
    changed |= slider_committed(ImGui::SliderFloat("##temporal_step", &params.temporal_step, 0.0f, 1.0f, "%.2f"));
    item_tooltip(("The step size on carried frames, as a fraction of Step size, once the shot's dream has grown: "
                  "lower is steadier, higher follows the video's new content faster (" +
                  row.range_text() + ").")
                     .c_str());
    midi_learn_menu(row.osc_address().c_str(), state, requests);
  }
  return changed;
}

}  // namespace

void VideoPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Video and camera", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const VideoView& v = state.video;
  if (v.open)
    draw_playback(state, requests);
  else
    ImGui::TextColored(dim_text_color(), "open a video file, a stream URL or a camera above");
  draw_camera_picker(v, camera_, requests);
  if (draw_temporal(params, state, requests)) requests.params_changed = true;
  row_label("Steps a frame");
  ImGui::SetNextItemWidth(-1);
  int steps = state.video.steps_per_frame;
  if (ImGui::SliderInt("##video_steps", &steps, 0, 10, steps == 0 ? "no limit" : "%d")) requests.video_steps_per_frame = steps;
  item_tooltip(
      "Ascent steps on each video frame while it plays; then the dream waits for the next frame.\n"
      "1 is the steadiest (each step changes the picture a little: more steps a frame flicker more).\n"
      "0: as many as the engine manages. A paused video dreams on without limit.");
}

}  // namespace livedream::ui
