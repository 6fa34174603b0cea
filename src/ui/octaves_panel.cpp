#include <imgui.h>

#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace livedream::ui {

void OctavesPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Octaves", ImGuiTreeNodeFlags_DefaultOpen)) return;
  bool changed = false;
  row_label("Count");
  changed |= slider_committed(ImGui::SliderInt("##octaves", &params.octaves, 1, 8));
  midi_learn_menu("/livedream/octaves", state, requests);
  row_label("Scale");
  changed |= slider_committed(ImGui::SliderFloat("##octave_scale", &params.octave_scale, 1.05f, 2.0f, "%.2f"));
  midi_learn_menu("/livedream/octave_scale", state, requests);
  row_label("Mode");
  int mode = params.octave_mode == OctaveMode::Progressive ? 0 : 1;
  const char* modes[] = {"progressive", "cycle"};
  if (ImGui::Combo("##octave_mode", &mode, modes, 2)) {
    params.octave_mode = mode == 0 ? OctaveMode::Progressive : OctaveMode::Cycle;
    changed = true;
  }
  item_tooltip(
      "Progressive: small to large, then keeps dreaming at full size (classic).\n"
      "Cycle: every step works at the next octave of a repeating cycle (live).");
  if (changed) requests.params_changed = true;
}

}  // namespace livedream::ui
