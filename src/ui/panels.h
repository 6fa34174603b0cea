// The side panel's sections, one class per file (model_panel.cpp, layers_panel.cpp, ...). Each
// draw() edits `params` in place and sets requests.params_changed when it did; other wishes
// (open a file, pause, ...) go into `requests` for the app to carry out after the frame.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "ui/ui_state.h"

namespace livedream::ui {

class ModelPanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);

 private:
  std::string path_;
};

// Whether `channel` passes the atlas's search box: comma-separated items, "A-B" a range and a bare
// number every channel whose number starts with it ("9": 9, 90-99, 900-...); empty passes all.
bool channel_matches_filter(const std::string& filter, int64_t channel);

// The channel atlas inside the Layers section: a searchable grid of the first layer's channel
// thumbnails; a click picks that channel for the first layer (as the channel field does).
class AtlasPanel {
 public:
  // True when a click changed the first layer's channel.
  bool draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);

 private:
  std::string filter_;
  std::vector<int64_t> shown_;  // the channels that pass the filter, kept between frames
};

class LayersPanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);
  // The channel last picked on a slider (or Random): what a Ctrl+click neuron takes by default.
  int current_channel() const { return current_channel_; }

 private:
  void draw_class_term(LayerObjective& objective, bool removable, int& remove, size_t index, const ViewerUiState& state,
                       UiRequests& requests);
  void draw_spec(DreamParams& params, UiRequests& requests);
  AtlasPanel atlas_;
  std::map<size_t, std::string> channel_text_;  // per row: the "97+12" field being edited
  std::string error_;
  std::string spec_text_;  // the whole objective as a layer spec, being edited
  bool spec_editing_ = false;
  int current_channel_ = 0;
  uint32_t random_ = 12345;
};

class StepPanel {  // step size, loss, steps, jitter, tiles, resolution
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);
};

class OctavesPanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);
};

class TransformPanel {  // zoom / rotate / pan per step, source blend
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);
};

class GuidePanel {  // guide image and seed
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);

 private:
  std::string path_;
};

class PlaybackPanel {  // pause / step / reset and capture buttons; scheduling, dynamic resolution
 public:
  void draw(DreamParams& params, ViewerUiState& state, UiRequests& requests);
  void draw_scheduling(ViewerUiState& state, UiRequests& requests);
};

class ImagePanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);

 private:
  std::string path_;
};

// The moving input: play / pause / loop / seek for files, a camera picker, and how each frame's
// dream carries over to the next (temporal coherence).
class VideoPanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);

 private:
  void draw_playback(const ViewerUiState& state, UiRequests& requests);
  int camera_ = 0;
  // While the position slider is held: where the user dragged it. The video's own position
  // would pull the handle back every frame, and the seek on release would go there.
  bool seeking_ = false;
  float seek_to_ = 0.0f;
};

class PresetsPanel {
 public:
  void draw(DreamParams& params, const ViewerUiState& state, UiRequests& requests);
  int selected() const { return selected_; }  // the index in state.presets the combo shows
 private:
  int selected_ = 0;
  std::string followed_;  // the state's active preset the selection last followed
  std::string name_ = "my-dream";
};

// The live outputs: a network stream (URL, bit rate) and a virtual camera (a v4l2loopback device),
// each started and stopped here with its state beside it.
class OutputPanel {
 public:
  void draw(const ViewerUiState& state, UiRequests& requests);

 private:
  std::string url_, bitrate_, device_;  // being edited; seeded from the state once
  bool seeded_ = false;
};

// The controllers: MIDI's system and ports, MIDI learn's state, the bindings (each can be forgotten)
// and the map file they are saved to and loaded from.
class ControlPanel {
 public:
  void draw(const ViewerUiState& state, UiRequests& requests);

 private:
  int port_ = 0;                   // in the port combo: 0 all ports, else state.midi.ports[port_ - 1]
  std::string map_file_;           // being edited
  std::string followed_map_file_;  // the state's map file the field last took
  int editing_ = -1;               // the binding whose editor is open
  MidiBindingEdit edit_;           // its settings being edited
};

class StatsPanel {
 public:
  void draw(const ViewerUiState& state);

 private:
  std::vector<float> steps_per_s_;  // each step's rate (1000 / its ms), kept to reuse its storage
};

// The keys and mouse gestures, over the dream; `open` is cleared when the user closes it.
void draw_help_overlay(bool* open);

}  // namespace livedream::ui
