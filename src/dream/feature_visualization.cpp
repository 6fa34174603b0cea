#include "dream/feature_visualization.h"

#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <random>

#include "core/error.h"
#include "dream/jitter.h"
#include "dream/robust_transforms.h"

namespace livedream::dream {
namespace {

// How far the starting noise reaches, in [-1, 1] units: large enough that every channel has some
// positive activation to climb from (with 0.01 some channels of inception_4c start dead, their
// gradient is zero and their cell stays grey), small enough to leave no trace in the picture.
constexpr float kNoiseAmplitude = 0.25f;

// The network's layers come after a ReLU: on noise about a tenth of inception_4c's channels are
// zero everywhere (every pre-activation negative), so their own mean has no gradient and their
// picture would stay noise. For the first half of the steps each image also climbs the mean of the
// whole layer, with a weight falling from this to 0, which grows structure until its own channel
// wakes up (all 16 dead channels tried were awake after 16 of 32 steps); the second half is the
// channel's alone.
constexpr float kWakeWeight = 1.0f;

}  // namespace

void check_visualization_request(Model& model, const std::string& layer, const std::vector<int64_t>& channels,
                                 const FeatureVisualizationOptions& options) {
  const int index = model.layer_index(layer);
  if (index < 0) {
    std::string available;
    for (const auto& name : model.layer_names()) available += (available.empty() ? "" : ", ") + name;
    throw usage_error("model " + model.path() + " has no layer '" + layer + "'",
                      "use one of: " + available + " (livedream layers lists them)");
  }
  const int64_t channel_count = model.layer_info()[static_cast<size_t>(index)].channels;
  for (int64_t c : channels)
    if (c < 0 || c >= channel_count)
      throw usage_error(
          "channel " + std::to_string(c) + " of layer " + layer + " is out of range: it has " + std::to_string(channel_count) + " channels",
          "pick channels from 0 to " + std::to_string(channel_count - 1));
  if (options.size < model.min_input_size())
    throw usage_error(
        "size " + std::to_string(options.size) + " is below the " + std::to_string(model.min_input_size()) + " pixels the model accepts",
        "use a size of at least " + std::to_string(model.min_input_size()));
  if (options.steps < 1) throw usage_error("steps must be at least 1", "e.g. --steps 64");
}

torch::Tensor starting_noise(int64_t channel, const FeatureVisualizationOptions& options) {
  // Our own generator (not torch's global one, shared with the rest of the process) and modulo
  // arithmetic rather than a distribution, so a seed gives the same noise with every library.
  std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(channel) + 1);
  const int64_t count = 3LL * options.size * options.size;
  auto noise = torch::empty({1, 3, options.size, options.size}, torch::kFloat32);
  float* data = noise.data_ptr<float>();
  for (int64_t i = 0; i < count; ++i)
    data[i] = kNoiseAmplitude * (static_cast<float>(rng() >> 40) / static_cast<float>(1ULL << 24) * 2.0f - 1.0f);
  return noise;
}

std::vector<Image> visualize_channels(Model& model, const std::string& layer, const std::vector<int64_t>& channels,
                                      const FeatureVisualizationOptions& options) {
  check_visualization_request(model, layer, channels, options);
  if (channels.empty()) return {};
  const auto device = model.device();
  const auto batch = static_cast<int64_t>(channels.size());
  std::vector<torch::Tensor> noises;
  for (int64_t c : channels) noises.push_back(starting_noise(c, options));
  torch::Tensor image = torch::cat(noises).to(device);
  const torch::Tensor rows = torch::arange(batch, torch::TensorOptions().dtype(torch::kLong).device(device));
  const torch::Tensor picked = torch::tensor(channels, torch::kLong).to(device);
  const Preconditioner preconditioner(options.precondition);
  RollJitter jitter(options.seed);
  RobustTransforms robust;
  const std::vector<std::string> layers = {layer};
  const int64_t pad = options.jitter;

  for (int step = 0; step < options.steps; ++step) {
    auto x = image.detach().requires_grad_(true);
    // The network sees the picture moved a little differently every step, so only features that
    // survive the moves grow. Robust: one differentiable affine resample (autograd maps the
    // gradient back through grid_sample); Roll: a reflected border and a random shift.
    torch::Tensor seen = x;
    if (options.transforms == Transforms::Robust) {
      const RobustTransform draw = RobustTransforms::draw(jitter);
      seen = robust.apply(x, robust.grid(draw, options.size, options.size, x.options()));
    } else if (pad > 0) {
      seen = torch::reflection_pad2d(x, {pad, pad, pad, pad});
      const RollShift shift = jitter.next(pad);
      if (!shift.none()) seen = torch::roll(seen, {shift.dy, shift.dx}, {2, 3});
    }
    const auto input = model.from_unit(seen).to(model.input_dtype());
    const auto activation = model.extract(input, layers)[0];
    // Image i's objective: the mean of its own channel (plus the waking term early on); the sum
    // over images keeps them apart (each image's gradient comes from its own terms only).
    auto objective = activation.index({rows, picked}).to(torch::kFloat32).mean({1, 2}).sum();
    const float wake = kWakeWeight * std::max(0.0f, 1.0f - 2.0f * static_cast<float>(step) / static_cast<float>(options.steps));
    if (wake > 0.0f) objective = objective + wake * activation.to(torch::kFloat32).mean({1, 2, 3}).sum();
    auto gradient = torch::autograd::grad({objective}, {x})[0];
    {
      torch::NoGradGuard no_grad;
      gradient = preconditioner.apply(gradient, static_cast<float>(step + 1) / static_cast<float>(options.steps));
      // Each image's own step length, whatever its channel's activation scale.
      gradient = gradient / (gradient.abs().mean({1, 2, 3}, true) + 1e-8);
      image = (image + options.step_size * gradient).clamp_(-1.0, 1.0);
    }
  }

  const auto pixels = ((image.detach() + 1.0) * 127.5).round().clamp(0, 255).to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous().cpu();
  std::vector<Image> pictures;
  const size_t bytes = 3ULL * options.size * options.size;
  for (int64_t i = 0; i < batch; ++i) {
    Image picture;
    picture.width = picture.height = options.size;
    const uint8_t* begin = pixels[i].data_ptr<uint8_t>();
    picture.rgb.assign(begin, begin + bytes);
    pictures.push_back(std::move(picture));
  }
  return pictures;
}

}  // namespace livedream::dream
