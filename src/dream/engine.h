// The dreaming engine: gradient ascent on an image to amplify what chosen layers of a network see.
// One call of step() is one ascent step (the viewer calls it once per frame or from a worker
// thread); run() is the whole classic schedule for the CLI. Knows nothing of GL, windows or ImGui.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "core/dream_params.h"
#include "core/image.h"
#include "dream/model.h"

namespace livedream::dream {

// Wall-clock split of the last step, in milliseconds. Measuring it on a GPU would need a sync,
// so on CUDA only total_ms is measured per step unless timing is enabled explicitly.
struct StepTimings {
  double forward_ms = 0, backward_ms = 0, update_ms = 0, total_ms = 0;
};

struct Progress {
  int64_t step = 0, total_steps = 0;  // over the whole schedule
  int octave = 0, octaves = 1;
  float loss = 0.f;
};

class Engine {
 public:
  // The model decides the device and dtype. Throws livedream::Error (usage) if params name a
  // layer the model lacks or a channel out of range.
  Engine(std::shared_ptr<Model> model, const DreamParams& params);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Validated against the model; takes effect at the next step without resetting the image.
  void set_params(const DreamParams& params);
  const DreamParams& params() const;

  // New source image (scaled so the longest side is params.max_dim); the dream restarts from it.
  void set_source(const Image& image);
  // Guide image for guided dreams (params.guide names it; the CLI/viewer loads the file).
  void set_guide(const Image& guide);
  void clear_guide();
  void reset();  // the dream goes back to the source

  // One ascent step at the current octave (cycle mode advances the octave each step), preceded
  // by the feedback transform (zoom/rotate/pan/source blend) when the params ask for one.
  void step();
  // Only the feedback transform (render: once per video frame, then several steps).
  void apply_feedback();
  // The classic progressive schedule: for each octave small to large, params.steps steps.
  // Calls on_progress after each step (the loss in Progress syncs only if on_progress reads it).
  void run(const std::function<void(const Progress&)>& on_progress = {});

  int width() const;
  int height() const;
  int64_t step_count() const;
  float last_loss() const;  // reads the device loss: a sync, so call it only to display
  StepTimings last_timings() const;

  Image frame() const;                // the dream as RGB8 on the CPU
  torch::Tensor frame_rgba8() const;  // (H, W, 4) uint8 on the engine's device, for texture upload
  torch::Tensor dream_tensor() const; // (1, 3, H, W) in [-1, 1], RGB, engine dtype and device

  Model& model();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace livedream::dream
