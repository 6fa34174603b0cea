#include <imgui.h>

#include "ui/midi_learn.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace livedream::ui {

void StepPanel::draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests) {
  if (!ImGui::CollapsingHeader("Ascent", ImGuiTreeNodeFlags_DefaultOpen)) return;
  bool changed = false;

  row_label("Step size");
  changed |= slider_committed(ImGui::SliderFloat("##step", &params.step_size, 0.0005f, 0.2f, "%.4f", ImGuiSliderFlags_Logarithmic));
  item_tooltip("How far each step moves the image (the image lives in [-1, 1]). Ctrl+click to type.");
  midi_learn_menu("/livedream/step_size", state, requests);

  row_label("Loss");
  int loss = params.loss == LossKind::Mean ? 0 : 1;
  const char* losses[] = {"mean (TensorFlow tutorial)", "mean square (Caffe notebook)"};
  if (ImGui::Combo("##loss", &loss, losses, 2)) {
    params.loss = loss == 0 ? LossKind::Mean : LossKind::MeanSquare;
    changed = true;
  }

  row_label("Steps");
  // With one octave the live dream never leaves full size, so the schedule's step count has
  // nothing to do: say so rather than offer a slider that changes nothing.
  const bool schedule_matters = params.octaves > 1;
  ImGui::BeginDisabled(!schedule_matters);
  changed |= slider_committed(
      ImGui::SliderInt("##steps", &params.steps, 1, 200, params.octave_mode == OctaveMode::Progressive ? "%d per octave" : "%d per cycle"));
  ImGui::EndDisabled();
  item_tooltip(schedule_matters
                   ? "Steps at each octave before the next (progressive), or per round of octaves (cycle)."
                   : "Steps per octave: with 1 octave (Octaves panel) the dream stays at full size and this does nothing here. "
                     "`livedream dream` uses it as the number of steps.");
  midi_learn_menu("/livedream/steps", state, requests);

  row_label("Jitter");
  changed |= slider_committed(ImGui::SliderInt("##jitter", &params.jitter, 0, 64, "%d px"));
  item_tooltip("Random shift before each step (undone after): hides the tile seams and grid artifacts.");
  midi_learn_menu("/livedream/jitter", state, requests);

  row_label("Transforms");
  int transforms = params.transforms == Transforms::Robust ? 1 : 0;
  const char* transform_names[] = {"roll (tutorial)", "robust (Lucid)"};
  if (ImGui::Combo("##transforms", &transforms, transform_names, 2)) {
    params.transforms = transforms == 1 ? Transforms::Robust : Transforms::Roll;
    changed = true;
  }
  item_tooltip(
      "What moves the picture before each gradient: the jitter roll only, or Lucid's pad, jitter, random "
      "scale (+-10%) and rotation (+-10 degrees): features that survive small moves, fewer pixel patterns.");

  row_label("Precondition");
  const Precondition modes[] = {Precondition::None, Precondition::Laplacian, Precondition::Fourier, Precondition::Smooth};
  const char* mode_names[] = {"none (tutorial)", "laplacian (lap_normalize)", "fourier (Lucid, 1/f)", "smooth (Gaussian cascade)"};
  int mode = 0;
  while (mode < 3 && modes[mode] != params.precondition) ++mode;
  if (ImGui::Combo("##precondition", &mode, mode_names, 4)) {
    params.precondition = modes[mode];
    changed = true;
  }
  item_tooltip(
      "How the gradient is shaped before each step: none is the raw gradient; the others damp its high "
      "frequencies so larger, smoother structures grow (see the README's comparison).");

  row_label("Resolution");
  int max_dim = params.max_dim;
  if (slider_committed(ImGui::SliderInt("##max_dim", &max_dim, 128, 2048, "%d px longest side"))) {
    params.max_dim = max_dim;
    changed = true;
  }
  item_tooltip("The dream's longest side. Changing it resizes the current dream.");
  midi_learn_menu("/livedream/max_dim", state, requests);
  if (state.dynamic_resolution) {
    ImGui::SameLine();
    ImGui::TextDisabled("(dynamic)");
  }

  row_label("Tiles");
  const int tiles[] = {0, 256, 384, 512, 768, 1024};
  const char* tile_names[] = {"off", "256 px", "384 px", "512 px", "768 px", "1024 px"};
  int current = 0;
  for (int i = 0; i < 6; ++i)
    if (tiles[i] == params.tile) current = i;
  if (ImGui::Combo("##tile", &current, tile_names, 6)) {
    params.tile = tiles[current];
    changed = true;
  }
  item_tooltip("Gradients are computed tile by tile: bounds the memory of large dreams.");
  midi_learn_menu("/livedream/tile", state, requests);
  if (changed) requests.params_changed = true;
}

}  // namespace livedream::ui
