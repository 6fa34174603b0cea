#include <imgui.h>

#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace livedream::ui {

void TransformPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Transform per step", ImGuiTreeNodeFlags_DefaultOpen)) return;
  bool changed = false;
  row_label("Zoom");
  changed |= slider_committed(ImGui::SliderFloat("##zoom", &params.zoom, 0.95f, 1.05f, "%.4f x"));
  item_tooltip("Scale per step: above 1 flies into the dream.");
  midi_learn_menu("/livedream/zoom", state, requests);
  row_label("Rotate");
  changed |= slider_committed(ImGui::SliderFloat("##rotate", &params.rotate_deg, -5.0f, 5.0f, "%.2f deg"));
  midi_learn_menu("/livedream/rotate", state, requests);
  row_label("Pan x");
  changed |= slider_committed(ImGui::SliderFloat("##pan_x", &params.pan_x, -20.0f, 20.0f, "%.1f px"));
  midi_learn_menu("/livedream/pan_x", state, requests);
  row_label("Pan y");
  changed |= slider_committed(ImGui::SliderFloat("##pan_y", &params.pan_y, -20.0f, 20.0f, "%.1f px"));
  midi_learn_menu("/livedream/pan_y", state, requests);
  row_label("Source blend");
  changed |= slider_committed(ImGui::SliderFloat("##source_blend", &params.source_blend, 0.0f, 0.5f, "%.3f"));
  item_tooltip("Pull towards the source image per step: keeps the dream recognisable.");
  midi_learn_menu("/livedream/source_blend", state, requests);
  row_label("Border");
  const BorderFill fills[] = {BorderFill::Reflect, BorderFill::Source, BorderFill::Edge};
  const char* fill_names[] = {to_string(fills[0]), to_string(fills[1]), to_string(fills[2])};
  int border = 0;
  while (border < 2 && fills[border] != params.border) ++border;
  if (ImGui::Combo("##border", &border, fill_names, 3)) {
    params.border = fills[border];
    changed = true;
  }
  item_tooltip(
      "What fills the frame where zooming out, turning or panning uncovers it.\n"
      "Reflect: the picture mirrored at its edge. Source: the source image at that place.\n"
      "Edge: the edge pixels stretched out (streaks).");
  ImGui::BeginDisabled(!params.has_feedback());
  if (wide_button("Stop the motion")) {
    params.zoom = 1.0f;
    params.rotate_deg = params.pan_x = params.pan_y = params.source_blend = 0.0f;
    changed = true;
  }
  ImGui::EndDisabled();
  if (changed) requests.params_changed = true;
}

}  // namespace livedream::ui
