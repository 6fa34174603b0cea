// The dreaming engine: gradient ascent on an image to amplify what chosen layers of a network see.
// One call of step() is one ascent step (the viewer calls it once per frame or from a worker
// thread); run() is the whole classic schedule for the CLI. Knows nothing of GL, windows or ImGui.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/dream_params.h"
#include "core/image.h"
#include "core/motion_field.h"
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
  // params().layers with each strongN term's chosen channels written in (strongest first; chosen
  // on the source when it is set and when the layers change): a spec that dreams the same.
  std::vector<LayerObjective> resolved_layers() const;

  // New source image (scaled so the longest side is params.max_dim); the dream restarts from it.
  void set_source(const Image& image);
  // Guide image for guided dreams (params.guide names it; the CLI/viewer loads the file).
  void set_guide(const Image& guide);
  void clear_guide();
  void reset();  // the dream goes back to the source
  // Moving input: the next source frame of a video (a frame of another size starts a new dream
  // at that size). Where the dream starts depends on params.temporal: off, the source itself; blend,
  // the source mixed with the last dream (temporal_blend); flow, the source plus the last dream's
  // residual (dream minus its source) warped along `motion`, times temporal_decay, and zero where
  // motion marks an occlusion (dream/temporal_carry.h). A null motion (the first frame, a scene
  // cut) starts a new dream from the source, octave schedule and jitter included; otherwise the
  // step count and the octave schedule keep running (a shot is one long dream). The motion must
  // be at the frame's size after fitting to max_dim (std::invalid_argument otherwise).
  void next_frame(const Image& source, const MotionField* motion);

  // One ascent step at the current octave (cycle mode advances the octave each step), preceded
  // by the feedback transform (zoom/rotate/pan/source blend) when the params ask for one.
  // Progressive mode walks the schedule (params.steps per octave, small to large), then keeps
  // stepping at full size. Whatever the octave, frame() and width()/height() are full size.
  void step();
  // Only the feedback transform (render: once per video frame, then several steps).
  void apply_feedback();
  // The whole schedule from the source (it resets first): progressive, for each octave small to
  // large, params.steps steps; cycle, params.steps steps in all. Calls on_progress after each
  // step with the loss read from the device (a sync on a GPU): pass no callback for full speed.
  void run(const std::function<void(const Progress&)>& on_progress = {});

  int width() const;
  int height() const;
  int64_t step_count() const;
  // The octave the last step worked at, 0 (the smallest) to octaves() - 1; 0 before the first
  // step. Progressive: the schedule's octave; cycle: the octave of the last step in the cycle.
  int octave() const;
  int octaves() const;
  float last_loss() const;  // reads the device loss: a sync, so call it only to display
  StepTimings last_timings() const;
  // Per-phase timings on a GPU need a device sync after each phase: off by default.
  void set_timing_enabled(bool enabled);

  Image frame() const;                // the dream as RGB8 on the CPU
  torch::Tensor frame_rgba8() const;  // (H, W, 4) uint8 on the engine's device, for texture upload
  // (1, 3, H, W) in [-1, 1], RGB, on the engine's device; float64 with a float64 model, else
  // float32 (the image keeps full precision even when the network runs in float16/bfloat16).
  // It may share memory with the engine's state: clone it to keep it past the next step.
  torch::Tensor dream_tensor() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace livedream::dream
