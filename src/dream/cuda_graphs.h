// CUDA graphs for the whole-image gradient: when a step's shapes repeat (a fixed size, or the few
// sizes of cycling octaves), the forward and backward passes are captured once and replayed,
// which removes the CPU launch overhead of a hundred-odd kernels per step.
//
// Opt-in (LIVEDREAM_CUDA_GRAPHS=1) and written without a GPU at hand: compiled and reviewed
// against PyTorch's whole-network capture recipe, not yet run on hardware (bench/RESULTS.md).
// On the CPU, or in a build without CUDA, run() never handles a step.
#pragma once
#include <torch/script.h>

#include <memory>

#include "dream/model.h"
#include "dream/objective.h"

namespace livedream::dream {

class GradientGraphs {
 public:
  GradientGraphs();
  ~GradientGraphs();
  GradientGraphs(const GradientGraphs&) = delete;
  GradientGraphs& operator=(const GradientGraphs&) = delete;

  // LIVEDREAM_CUDA_GRAPHS=1 in the environment.
  static bool enabled_by_environment();

  // The gradient of the objective w.r.t. `image` (whole, untiled) and the loss, from a replayed
  // graph: true when it handled the step, false when the caller must compute it (not CUDA, a
  // shape not yet seen often enough to capture, or capture failed; after a failure it stays off).
  // The returned tensors are the graph's own outputs: valid until the next run().
  bool run(Model& model, const Objective& objective, const torch::Tensor& image, torch::Tensor& gradient, torch::Tensor& loss);

  // Forget every captured graph (the objective or the guide changed).
  void clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livedream::dream
