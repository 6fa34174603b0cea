#include <imgui.h>

#include <algorithm>
#include <cstdarg>
#include <cmath>
#include <cstdio>

#include "ui/history_plot.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace livedream::ui {
namespace {

void stat_row(const char* name, const char* fmt, ...) IM_FMTARGS(2);
void stat_row(const char* name, const char* fmt, ...) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextColored(dim_text_color(), "%s", name);
  ImGui::TableSetColumnIndex(1);
  va_list args;
  va_start(args, fmt);
  ImGui::TextV(fmt, args);
  va_end(args);
}

}  // namespace

void StatsPanel::draw(const ViewerUiState& state) {
  if (!ImGui::CollapsingHeader("Stats", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const StatsView& s = state.stats;
  if (ImGui::BeginTable("stats", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, label_width() - ImGui::GetStyle().ItemSpacing.x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    stat_row("Steps", "%lld  (%.1f steps/s)", static_cast<long long>(s.steps), s.steps_per_s);
    stat_row("ms / step", "%.1f", s.step_ms);
    if (s.phase_timings)
      stat_row("  split", "fwd %.1f  bwd %.1f  upd %.1f", s.forward_ms, s.backward_ms, s.update_ms);
    else
      stat_row("  split", "not measured on the GPU");
    stat_row("Upload", "%.2f ms  %s", s.upload_ms, s.upload_path.c_str());
    if (!s.upload_note.empty()) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(1);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(warning_color(), "%s", s.upload_note.c_str());
      ImGui::PopTextWrapPos();
    }
    stat_row("UI frame", "%.1f ms  (%.0f fps)", s.ui_frame_ms, s.ui_frame_ms > 0 ? 1000.0 / s.ui_frame_ms : 0.0);
    if (state.output_open)
      stat_row("Output", "%.1f ms  (%.0f fps)", state.output_frame_ms, state.output_frame_ms > 0 ? 1000.0 / state.output_frame_ms : 0.0);
    stat_row("Resolution", "%d x %d", s.width, s.height);
    stat_row("Device", "%s", s.device.empty() ? "-" : s.device.c_str());
    stat_row("Schedule", "%s", s.schedule.c_str());
    // Three figures, whatever the loss's scale (282606, 1.23, 0.0123): a mean square runs to
    // hundreds of thousands, a mean to a fraction.
    if (std::abs(s.loss) >= 1000)
      stat_row("Loss", "%.0f", s.loss);
    else
      stat_row("Loss", "%.3g", s.loss);
    if (state.video.open)
      stat_row("Video frames", "%lld dreamt, %lld skipped", static_cast<long long>(state.video.frames_dreamt),
               static_cast<long long>(state.video.frames_skipped));
    if (state.osc.open) {
      stat_row("OSC", "%s: %lld received, %lld refused, %lld dropped", state.osc.bound.c_str(), static_cast<long long>(state.osc.received),
               static_cast<long long>(state.osc.rejected), static_cast<long long>(state.osc.dropped));
      if (!state.osc.last_error.empty()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(1);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(warning_color(), "%s", state.osc.last_error.c_str());
        ImGui::PopTextWrapPos();
      }
    }
    if (!state.midi.open.empty())  // the Control panel has the rest (ports, bindings)
      stat_row("MIDI", "%llu acted, %llu unbound, %llu malformed", static_cast<unsigned long long>(state.midi.acted),
               static_cast<unsigned long long>(state.midi.unbound), static_cast<unsigned long long>(state.midi.malformed));
    for (const auto* out : {&state.outputs.stream, &state.outputs.camera})
      if (out->running)
        stat_row(out == &state.outputs.stream ? "Stream" : "Camera", "%s: %lld frames, %lld repeats",
                 out->connected ? "sending" : "waiting", static_cast<long long>(out->frames), static_cast<long long>(out->repeated));
    ImGui::EndTable();
  }
  // The curves: axes, the value under the mouse, and for timings their p50 and p99.
  draw_history_plot({"Step time", "ms", "steps", true}, s.step_ms_history);
  steps_per_s_.clear();
  for (const float ms : s.step_ms_history) steps_per_s_.push_back(ms > 0.0f ? 1000.0f / ms : 0.0f);
  draw_history_plot({"Steps/s", "steps/s", "steps", false}, steps_per_s_);
  draw_history_plot({"UI frame", "ms", "frames", true}, s.frame_ms_history);
  draw_history_plot({"Loss", "", "steps", false}, s.loss_history);
  draw_history_plot({"Upload", "ms", "uploads", true}, s.upload_ms_history);
  if (state.video.open) draw_history_plot({"Video frames skipped", "", "frames", false}, s.video_skipped_history);
  if (!s.gl_renderer.empty()) {
    ImGui::TextColored(dim_text_color(), "GL: %s", s.gl_renderer.c_str());
  }
}

}  // namespace livedream::ui
