#include "dream/engine.h"

#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "core/error.h"
#include "core/image_resize.h"
#include "dream/ascent.h"
#include "dream/feedback_transform.h"
#include "dream/image_tensor.h"
#include "dream/jitter.h"
#include "dream/objective.h"
#include "dream/octaves.h"
#include "dream/precondition.h"
#include "dream/robust_transforms.h"
#include "dream/temporal_carry.h"

namespace livedream::dream {
namespace {

// Guide activations are compared with every image position (an Nx x Ny matrix of dot products),
// so the guide is kept small, like the notebook's 224 px guides.
constexpr int kGuideMaxSide = 320;

// Reduced precisions are for the network only: the image keeps accumulating small updates
// (step 0.01 x a unit gradient), which float16/bfloat16 (8-11 bits of mantissa) would round away.
torch::ScalarType image_dtype_for(torch::ScalarType model_dtype) {
  return model_dtype == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
}

// `fitted` is `image` scaled to `max_dim` (--max-dim, the viewer's Resolution). When that
// scaling is what made it too small, the message says so: the picture itself is fine.
void check_size(const Image& image, const Image& fitted, int max_dim, int64_t min_side, const std::string& what) {
  if (fitted.width >= min_side && fitted.height >= min_side) return;
  const std::string size = std::to_string(fitted.width) + "x" + std::to_string(fitted.height);
  const std::string needs = ", smaller than the " + std::to_string(min_side) + " px a side the model needs";
  if (fitted.width < image.width) {
    const double shortest = std::min(image.width, image.height), longest = std::max(image.width, image.height);
    const int64_t enough = static_cast<int64_t>(std::ceil(static_cast<double>(min_side) * longest / shortest));
    throw usage_error("--max-dim " + std::to_string(max_dim) + " makes " + what + " " + size + needs,
                      "raise --max-dim to " + std::to_string(enough) + " or more, or to 0 to keep the picture's size");
  }
  throw usage_error(what + " is " + size + needs, "use a larger image");
}

bool same_octave_setup(const DreamParams& a, const DreamParams& b) {
  return a.octaves == b.octaves && a.octave_scale == b.octave_scale && a.octave_mode == b.octave_mode;
}

}  // namespace

struct Engine::State {
  std::shared_ptr<Model> model;
  DreamParams params;
  std::optional<Objective> objective;
  RollJitter jitter;
  Preconditioner preconditioner;
  RobustTransforms robust;
  torch::TensorOptions image_options;

  Image source_image;    // as given, before fitting to max_dim (refitted if max_dim changes)
  torch::Tensor guide;   // (1, 3, h, w) in [-1, 1]; undefined: no guide
  torch::Tensor source;  // (1, 3, H, W) in [-1, 1], the full-size picture being dreamt on
  // Progressive: the full-size picture the octaves are built from: the source, moved by every
  // feedback transform since the restart (so the detail and what it sits on move together).
  torch::Tensor base;

  // The picture being worked on: full size in cycle mode; in progressive mode the current
  // octave's, with octave_base the base at that size (dream - octave_base is the detail) and
  // octave_source the source at that size (what the source blend pulls towards).
  torch::Tensor dream, octave_base, octave_source;
  std::vector<OctaveSize> sizes;  // smallest first, the last is the full size
  size_t octave = 0;              // progressive: index into sizes
  int steps_in_octave = 0;        // progressive: steps taken at the current octave

  // Each keeps its sampling grid while the transform and the size stay the same: one for the
  // picture being worked on, one for the progressive base at full size.
  FeedbackResampler resampler, base_resampler;

  int64_t step_count = 0;
  torch::Tensor loss;  // on the device; read only by last_loss()
  StepTimings timings;
  bool sync_for_timing = false;

  bool has_source() const { return source.defined(); }
  OctaveSize full_size() const { return {source.size(2), source.size(3)}; }
  bool progressive() const { return params.octave_mode == OctaveMode::Progressive; }

  // CUDA graphs of the gradient (LIVEDREAM_CUDA_GRAPHS=1): they bake in the objective and the
  // guide, so they are dropped whenever either changes.
  GradientGraphs graphs;
  bool use_graphs = GradientGraphs::enabled_by_environment();

  // strongN terms pick their channels on the source (not the dream: the same picture gives the
  // same channels), whenever the objective is built and whenever a new source comes.
  void rebuild_objective() {
    graphs.clear();
    objective.emplace(*model, params.layers, params.loss);
    objective->set_guide_cosine_power(params.guide_cosine_power);
    if (source.defined()) objective->choose_strongest(*model, source);
    if (guide.defined()) objective->set_guide(*model, guide);
  }

  // Whether the picture is a carried video frame (next_frame with motion) rather than a first
  // frame or a cut; and the steps since the shot began, to know when its dream is grown.
  bool carrying = false;
  int64_t steps_in_shot = 0;

  // Carried frames step at temporal_step of the step size once the shot has had its whole schedule
  // (a still's: steps at each octave, or in all when cycling): the carried dream holds the picture,
  // so later frames need little change, and a full step would re-draw detail that should only move.
  float carried_step_scale() const {
    if (!carrying || params.temporal == TemporalMode::Off) return 1.0f;
    const int64_t schedule = progressive() ? static_cast<int64_t>(params.steps) * static_cast<int64_t>(sizes.size()) : params.steps;
    return steps_in_shot >= schedule ? params.temporal_step : 1.0f;
  }

  void restart(bool keep_step_count = false) {
    carrying = false;
    steps_in_shot = 0;
    if (!has_source()) return;
    jitter.reseed(params.seed);
    if (!keep_step_count) step_count = 0;
    loss = torch::Tensor();
    sizes = octave_sizes(source.size(2), source.size(3), params.octaves, params.octave_scale, model->min_input_size());
    base = source;
    if (progressive()) {
      octave = 0;
      steps_in_octave = 0;
      octave_base = resample(base, sizes.front());
      octave_source = octave_base;
      dream = octave_base.clone();
    } else {
      dream = source.clone();
    }
  }

  // Progressive: the detail dreamt at this octave (dream - octave_base) is upscaled onto the
  // base at the next octave's size (the Caffe notebook's re-injection).
  void next_octave() {
    const auto detail = dream - octave_base;
    ++octave;
    steps_in_octave = 0;
    octave_base = resample(base, sizes[octave]);
    octave_source = resample(source, sizes[octave]);
    dream = octave_base + resample(detail, sizes[octave]);
  }

  // The next video frame of the same size, with motion since the last one: the picture being
  // worked on (whatever the octave) starts again from the new source there, plus what the mode
  // carries over from the last dream. The octave schedule and the step count go on.
  void continue_with(const torch::Tensor& next_source, const MotionField& motion) {
    carrying = true;
    // What was dreamt on top of the last source, at the current octave's size.
    const torch::Tensor previous = dream;
    const torch::Tensor residual = dream - (progressive() ? octave_base : source);
    source = base = next_source;
    torch::Tensor start = source;
    if (progressive()) {
      octave_base = octave_source = resample(base, sizes[octave]);
      start = octave_base;
    }
    switch (params.temporal) {
      case TemporalMode::Off: dream = start.clone(); break;
      case TemporalMode::Blend:  // DeepDreamVideo: (1 - b) * source + b * last dream
        dream = start.lerp(previous, params.temporal_blend);
        break;
      case TemporalMode::Flow:
        dream = (start + ResidualCarry(motion, params.temporal_decay, image_options).carry(residual)).clamp_(-1.0, 1.0);
        break;
    }
  }

  bool at_full_size() const { return dream.size(2) == source.size(2) && dream.size(3) == source.size(3); }

  // The whole picture at full size: what the current octave's detail looks like on the base.
  torch::Tensor full_picture() const {
    if (!progressive() || at_full_size()) return dream;
    return (base + resample(dream - octave_base, full_size())).clamp_(-1.0, 1.0);
  }

  // The octave the last step worked at (0: the smallest); 0 before the first step.
  int current_octave() const {
    if (progressive()) return static_cast<int>(octave);
    return step_count == 0 ? 0 : static_cast<int>((step_count - 1) % static_cast<int64_t>(sizes.size()));
  }

  AscentSettings ascent_settings() {
    preconditioner.set_mode(params.precondition);
    AscentSettings settings{params.step_size * carried_step_scale(), params.jitter, params.tile, sync_for_timing,
                            use_graphs ? &graphs : nullptr};
    settings.preconditioner = params.precondition == Precondition::None ? nullptr : &preconditioner;
    // How far the octave's steps have gone (the smooth preconditioner widens its blur over them,
    // as pytorch-deepdream does over its iterations): step k of n is (k + 1) / n; a cycle counts
    // its steps in all; past the schedule (live dreaming) it stays at 1.
    const int64_t done = progressive() ? steps_in_octave : step_count;
    settings.progress = params.steps > 0 ? std::min(1.0f, static_cast<float>(done + 1) / static_cast<float>(params.steps)) : 1.0f;
    settings.robust = params.transforms == Transforms::Robust ? &robust : nullptr;
    return settings;
  }
};

Engine::Engine(std::shared_ptr<Model> model, const DreamParams& params) : state_(std::make_unique<State>()) {
  if (!model) throw std::invalid_argument("Engine needs a model");
  validate(params);
  state_->model = std::move(model);
  state_->params = params;
  state_->image_options = torch::TensorOptions().device(state_->model->device()).dtype(image_dtype_for(state_->model->dtype()));
  state_->rebuild_objective();
  state_->jitter.reseed(params.seed);
}

Engine::~Engine() = default;

void Engine::set_params(const DreamParams& params) {
  validate(params);
  auto& s = *state_;
  const DreamParams old = s.params;
  // Everything that can refuse the change is checked before anything changes: a refused change
  // leaves the engine dreaming as before.
  std::optional<Image> refitted;
  if (params.max_dim != old.max_dim && s.has_source()) {
    refitted = fit_longest_side(s.source_image, params.max_dim);
    check_size(s.source_image, *refitted, params.max_dim, s.model->min_input_size(), "the source image");
  }
  if (params.layers != old.layers || params.loss != old.loss) {
    std::optional<Objective> previous = std::move(s.objective);
    try {
      s.params.layers = params.layers;
      s.params.loss = params.loss;
      s.rebuild_objective();
    } catch (...) {  // a bad layer leaves the engine as it was
      s.params = old;
      s.objective = std::move(previous);
      throw;
    }
  }
  s.params = params;
  if (params.guide_cosine_power != old.guide_cosine_power) {
    s.objective->set_guide_cosine_power(params.guide_cosine_power);
    s.graphs.clear();
  }
  if (params.seed != old.seed) s.jitter.reseed(params.seed);
  if (params.max_dim != old.max_dim && s.has_source()) {
    // The picture changes size and the dream goes on: the current picture is resampled to the
    // new size and dreamt on at full size; the source is refitted, so a reset goes back to it.
    const torch::Tensor picture = s.full_picture();
    s.source = image_to_unit(*refitted, s.image_options);
    s.sizes = octave_sizes(s.source.size(2), s.source.size(3), params.octaves, params.octave_scale, s.model->min_input_size());
    s.dream = resample(picture, s.full_size()).contiguous();
    s.octave = s.sizes.size() - 1;
    s.steps_in_octave = params.steps;
    s.octave_base = s.base = s.octave_source = s.source;
    return;
  }
  if (!same_octave_setup(params, old) && s.has_source()) {
    // Keep the picture; continue at full size (a new progressive schedule needs reset()).
    s.dream = s.full_picture().clone();
    s.sizes = octave_sizes(s.source.size(2), s.source.size(3), params.octaves, params.octave_scale, s.model->min_input_size());
    s.octave = s.sizes.size() - 1;
    s.steps_in_octave = params.steps;
    s.octave_base = s.base = s.octave_source = s.source;
  }
}

const DreamParams& Engine::params() const { return state_->params; }

std::vector<LayerObjective> Engine::resolved_layers() const { return state_->objective->resolved_terms(); }

void Engine::set_source(const Image& image) {
  if (image.empty()) throw usage_error("the source image is empty", "give an image with pixels");
  const Image fitted = fit_longest_side(image, state_->params.max_dim);
  check_size(image, fitted, state_->params.max_dim, state_->model->min_input_size(), "the source image");
  if (&image != &state_->source_image) state_->source_image = image;
  state_->source = image_to_unit(fitted, state_->image_options);
  if (state_->objective->has_strongest()) state_->rebuild_objective();
  state_->restart();
}

void Engine::set_guide(const Image& guide) {
  if (guide.empty()) throw usage_error("the guide image is empty", "give an image with pixels");
  const Image fitted = fit_longest_side(guide, kGuideMaxSide);
  check_size(fitted, fitted, kGuideMaxSide, state_->model->min_input_size(), "the guide image");  // its own size counts
  auto tensor = image_to_unit(fitted, state_->image_options);
  state_->objective->set_guide(*state_->model, tensor);
  state_->guide = tensor;
  state_->graphs.clear();
}

void Engine::clear_guide() {
  state_->guide = torch::Tensor();
  state_->objective->clear_guide();
  state_->graphs.clear();
}

void Engine::reset() { state_->restart(); }

void Engine::next_frame(const Image& source, const MotionField* motion) {
  auto& s = *state_;
  if (source.empty()) throw usage_error("the video frame is empty", "give frames with pixels");
  const Image fitted = fit_longest_side(source, s.params.max_dim);
  const bool same_size = s.has_source() && fitted.width == s.source.size(3) && fitted.height == s.source.size(2);
  if (!same_size) {  // the first frame, or the video changed size: a new dream
    set_source(source);
    return;
  }
  if (motion && (motion->width != fitted.width || motion->height != fitted.height))
    throw std::invalid_argument("Engine::next_frame: the motion is " + std::to_string(motion->width) + "x" +
                                std::to_string(motion->height) + ", the frame " + std::to_string(fitted.width) + "x" +
                                std::to_string(fitted.height) + " (track the frame at the dream's size)");
  s.source_image = source;
  const torch::Tensor next_source = image_to_unit(fitted, s.image_options);
  if (!motion) {
    // A scene cut: a new shot gets a new dream, with the whole octave schedule (its large
    // structures come from the small octaves); the step count goes on.
    s.source = next_source;
    s.restart(/*keep_step_count=*/true);
    return;
  }
  s.continue_with(next_source, *motion);
}

void Engine::step() {
  auto& s = *state_;
  if (!s.has_source()) throw std::logic_error("Engine::step called before set_source");
  const auto start = std::chrono::steady_clock::now();
  if (s.params.has_feedback()) apply_feedback();
  if (s.progressive() && s.steps_in_octave >= s.params.steps && s.octave + 1 < s.sizes.size()) s.next_octave();
  const auto settings = s.ascent_settings();
  if (s.progressive()) {
    s.loss = ascent_step(s.dream, *s.model, *s.objective, settings, s.jitter, s.timings);
    ++s.steps_in_octave;
  } else {
    // Cycle: step k works at octave k mod octaves, on a downscaled copy of the full picture; only
    // the change it made is upscaled and added back, so the full picture keeps its fine detail.
    const OctaveSize size = s.sizes[static_cast<size_t>(s.step_count % static_cast<int64_t>(s.sizes.size()))];
    if (size == s.full_size()) {
      s.loss = ascent_step(s.dream, *s.model, *s.objective, settings, s.jitter, s.timings);
    } else {
      auto small = resample(s.dream, size);
      const auto before = small.clone();
      s.loss = ascent_step(small, *s.model, *s.objective, settings, s.jitter, s.timings);
      s.dream.add_(resample(small.sub_(before), s.full_size())).clamp_(-1.0, 1.0);
    }
  }
  ++s.step_count;
  ++s.steps_in_shot;
  if (s.sync_for_timing && s.dream.is_cuda()) torch::cuda::synchronize(s.dream.device().index());
  s.timings.total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void Engine::apply_feedback() {
  auto& s = *state_;
  if (!s.has_source()) throw std::logic_error("Engine::apply_feedback called before set_source");
  // Pan is given in full-size pixels; a smaller octave moves proportionally less.
  const double scale = static_cast<double>(s.dream.size(3)) / static_cast<double>(s.source.size(3));
  const FeedbackTransform transform{s.params.zoom, s.params.rotate_deg, s.params.pan_x * scale, s.params.pan_y * scale, s.params.border};
  if (!s.progressive() || s.at_full_size()) {
    s.resampler.apply(s.dream, s.source, transform, s.params.source_blend);
    return;
  }
  // Progressive below full size: the picture is the base plus the detail dreamt at this octave.
  // Both move (else the next octave and every frame would show the moved detail over the
  // un-moved source: a double image), and both are pulled back towards the source. Where the
  // move uncovers the frame both get the same fill, so the detail there starts at nothing.
  if (!transform.is_identity()) {
    s.base =
        s.base_resampler.resample(s.base, {s.params.zoom, s.params.rotate_deg, s.params.pan_x, s.params.pan_y, s.params.border}, s.source);
    s.octave_base = s.resampler.resample(s.octave_base, transform, s.octave_source);
    s.dream = s.resampler.resample(s.dream, transform, s.octave_source);
  }
  if (s.params.source_blend > 0.0f) {
    s.base = s.base.lerp(s.source, s.params.source_blend);
    s.octave_base = s.octave_base.lerp(s.octave_source, s.params.source_blend);
    s.dream.lerp_(s.octave_source, s.params.source_blend);
  }
}

void Engine::run(const std::function<void(const Progress&)>& on_progress) {
  auto& s = *state_;
  if (!s.has_source()) throw std::logic_error("Engine::run called before set_source");
  reset();
  const int octaves = static_cast<int>(s.sizes.size());
  const int64_t total = s.progressive() ? static_cast<int64_t>(s.params.steps) * octaves : s.params.steps;
  for (int64_t i = 0; i < total; ++i) {
    step();
    if (!on_progress) continue;
    Progress progress;
    progress.step = i + 1;
    progress.total_steps = total;
    progress.octaves = octaves;
    progress.octave = octave();
    progress.loss = last_loss();
    on_progress(progress);
  }
}

int Engine::width() const { return state_->has_source() ? static_cast<int>(state_->source.size(3)) : 0; }
int Engine::height() const { return state_->has_source() ? static_cast<int>(state_->source.size(2)) : 0; }
int64_t Engine::step_count() const { return state_->step_count; }
int Engine::octave() const { return state_->has_source() ? state_->current_octave() : 0; }
int Engine::octaves() const { return state_->has_source() ? static_cast<int>(state_->sizes.size()) : 1; }
float Engine::last_loss() const { return state_->loss.defined() ? state_->loss.item<float>() : 0.0f; }
StepTimings Engine::last_timings() const { return state_->timings; }
void Engine::set_timing_enabled(bool enabled) { state_->sync_for_timing = enabled; }

Image Engine::frame() const { return unit_to_image(dream_tensor()); }

torch::Tensor Engine::frame_rgba8() const { return unit_to_rgba8(dream_tensor()); }

torch::Tensor Engine::dream_tensor() const {
  if (!state_->has_source()) throw std::logic_error("Engine has no source image yet");
  return state_->full_picture().detach();
}

}  // namespace livedream::dream
