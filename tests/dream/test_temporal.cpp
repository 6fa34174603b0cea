// The engine's temporal modes (issue 11) on the shared GoogLeNet at tiny sizes: the dream's
// residual follows the content (flow), the linear blend (blend), a fresh start (off, cuts).
#include <torch/torch.h>

#include <stdexcept>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/procedural_image.h"
#include "dream/engine.h"
#include "dream/image_tensor.h"
#include "dream/test_engine_support.h"
#include "support/catch.h"
#include "video/motion_tracker.h"
#include "video/moving_frames.h"

using namespace livedream;
using namespace livedream::test;

namespace {

constexpr int kWidth = 128, kHeight = 96;

// A camera window over the sky photo, `dx` px right of the first.
Image window(const Image& photo, int dx) { return crop(photo, 100 + dx, 80, kWidth, kHeight); }

DreamParams temporal_params(TemporalMode mode) {
  DreamParams p = plain_params("inception_3b", 4);
  p.temporal = mode;
  return p;
}

torch::Tensor unit(const Image& image) { return dream::image_to_unit(image, torch::TensorOptions()); }

double mean_abs(const torch::Tensor& t) { return t.abs().mean().item<double>() * 127.5; }

}  // namespace

TEST_CASE("flow mode: the residual moves with the content by the true motion, off mode carries none") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  const Image first = window(photo, 0), second = window(photo, 4);  // content moves 4 px left
  const MotionField motion = camera_shift(kWidth, kHeight, 4, 0);

  dream::Engine flow(model, temporal_params(TemporalMode::Flow));
  flow.next_frame(first, nullptr);
  for (int i = 0; i < 4; ++i) flow.step();
  const torch::Tensor residual = flow.dream_tensor() - unit(first);
  REQUIRE(mean_abs(residual) > 1.0);  // something was dreamt

  flow.next_frame(second, &motion);
  CHECK(flow.step_count() == 4);  // the dream goes on
  const torch::Tensor carried = flow.dream_tensor() - unit(second);
  using torch::indexing::Slice;
  // Pixel x now shows what x + 4 showed: its residual came along; the 4 new columns have none.
  const auto moved = carried.index({Slice(), Slice(), Slice(), Slice(0, kWidth - 4)});
  const auto expected = residual.index({Slice(), Slice(), Slice(), Slice(4, kWidth)});
  CHECK(max_diff_levels(moved, expected) < 1e-3);
  CHECK(carried.index({Slice(), Slice(), Slice(), Slice(kWidth - 4, kWidth)}).abs().max().item<double>() == 0.0);
  // Not merely "a residual": unshifted it would not match.
  CHECK(mean_abs(carried.index({Slice(), Slice(), Slice(), Slice(0, kWidth - 4)}) -
                 residual.index({Slice(), Slice(), Slice(), Slice(0, kWidth - 4)})) > 0.3 * mean_abs(residual));

  dream::Engine off(model, temporal_params(TemporalMode::Off));
  off.next_frame(first, nullptr);
  for (int i = 0; i < 4; ++i) off.step();
  off.next_frame(second, &motion);
  CHECK(max_diff_levels(off.dream_tensor(), unit(second)) == 0.0);
}

TEST_CASE("flow mode with the tracker: the carried residual lines up with the last one along the real motion") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  const Image first = window(photo, 0), second = window(photo, 3);
  video::MotionTracker tracker;
  dream::Engine engine(model, temporal_params(TemporalMode::Flow));
  engine.next_frame(first, nullptr);
  REQUIRE(tracker.next(first).kind == video::FrameChange::Kind::First);
  for (int i = 0; i < 4; ++i) engine.step();
  const torch::Tensor residual = engine.dream_tensor() - unit(first);
  const auto change = tracker.next(second);
  REQUIRE(change.kind == video::FrameChange::Kind::Motion);
  engine.next_frame(second, &change.motion);
  const torch::Tensor carried = engine.dream_tensor() - unit(second);
  using torch::indexing::Slice;
  const auto inner = [](const torch::Tensor& t, int shift) {
    return t.index({Slice(), Slice(), Slice(8, kHeight - 8), Slice(8 + shift, kWidth - 8 + shift - 3)});
  };
  const double aligned = mean_abs(inner(carried, 0) - inner(residual, 3));
  const double unaligned = mean_abs(inner(carried, 0) - inner(residual, 0));
  INFO("residual " << mean_abs(residual) << " levels; carried against shifted: " << aligned << ", unshifted: " << unaligned);
  CHECK(aligned < 0.25 * mean_abs(residual));
  CHECK(aligned < 0.5 * unaligned);
}

TEST_CASE("flow mode carries the residual by the flow's confidence: a pixel of weight w keeps w/255 of it") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  const Image first = window(photo, 0), second = window(photo, 4);
  MotionField motion = camera_shift(kWidth, kHeight, 4, 0);
  // Full weight on the left half, 128 on the right (the 4 new columns: 0, as the tracker gives).
  motion.carry_weight.assign(motion.occluded.size(), 0);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth - 4; ++x) motion.carry_weight[static_cast<size_t>(y) * kWidth + x] = x < kWidth / 2 ? 255 : 128;

  dream::Engine flow(model, temporal_params(TemporalMode::Flow));
  flow.next_frame(first, nullptr);
  for (int i = 0; i < 4; ++i) flow.step();
  const torch::Tensor residual = flow.dream_tensor() - unit(first);
  flow.next_frame(second, &motion);
  const torch::Tensor carried = flow.dream_tensor() - unit(second);
  using torch::indexing::Slice;
  auto columns = [](const torch::Tensor& t, int64_t from, int64_t to) { return t.index({Slice(), Slice(), Slice(), Slice(from, to)}); };
  CHECK(max_diff_levels(columns(carried, 0, kWidth / 2), columns(residual, 4, kWidth / 2 + 4)) < 1e-3);
  CHECK(max_diff_levels(columns(carried, kWidth / 2, kWidth - 4), columns(residual, kWidth / 2 + 4, kWidth) * (128.0 / 255.0)) < 1e-3);
  CHECK(columns(carried, kWidth - 4, kWidth).abs().max().item<double>() == 0.0);
}

TEST_CASE("a scene cut starts a new dream from the source, octave schedule included") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  DreamParams p = temporal_params(TemporalMode::Flow);
  p.octaves = 2;
  p.steps = 2;
  dream::Engine engine(model, p);
  engine.next_frame(window(photo, 0), nullptr);
  for (int i = 0; i < 5; ++i) engine.step();
  REQUIRE(engine.octave() == 1);
  const Image other = make_clouds(kWidth, kHeight, 3);
  engine.next_frame(other, nullptr);
  CHECK(max_diff_levels(engine.dream_tensor(), unit(other)) == 0.0);
  CHECK(engine.step_count() == 5);
  engine.step();
  CHECK(engine.octave() == 0);  // the new shot is dreamt from the smallest octave again
}

TEST_CASE("blend mode starts from the linear blend of the source and the last dream, exactly") {
  const Image photo = load_image(shared_image("sky.jpg"));
  DreamParams p = temporal_params(TemporalMode::Blend);
  p.temporal_blend = 0.3f;
  dream::Engine engine(googlenet(), p);
  const Image first = window(photo, 0), second = window(photo, 5);
  engine.next_frame(first, nullptr);
  for (int i = 0; i < 3; ++i) engine.step();
  const torch::Tensor last = engine.dream_tensor().clone();
  const MotionField motion = camera_shift(kWidth, kHeight, 5, 0);
  engine.next_frame(second, &motion);  // blend ignores the motion
  CHECK(max_diff_levels(engine.dream_tensor(), 0.7 * unit(second) + 0.3 * last) < 1e-4);
}

TEST_CASE("flow with decay 0 is off: the same frames, step for step, jitter and octaves included") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  DreamParams flow_params = temporal_params(TemporalMode::Flow);
  flow_params.temporal_decay = 0.0f;
  flow_params.temporal_step = 1.0f;  // off steps every frame fully; so must flow, to be the same
  flow_params.jitter = 8;
  flow_params.octaves = 2;
  flow_params.steps = 2;
  DreamParams off_params = flow_params;
  off_params.temporal = TemporalMode::Off;
  dream::Engine flow(model, flow_params), off(model, off_params);
  video::MotionTracker tracker;
  for (int frame = 0; frame < 3; ++frame) {
    const Image source = window(photo, 3 * frame);
    const auto change = tracker.next(source);
    const MotionField* motion = change.kind == video::FrameChange::Kind::Motion ? &change.motion : nullptr;
    flow.next_frame(source, motion);
    off.next_frame(source, motion);
    for (int i = 0; i < 2; ++i) {
      flow.step();
      off.step();
    }
  }
  CHECK(max_diff_levels(flow.dream_tensor(), off.dream_tensor()) == 0.0);
  CHECK(max_diff_levels(flow.dream_tensor(), unit(window(photo, 6))) > 1.0);  // it did dream
}

// The step a carried frame takes, against a direct computation: once the shot has had its whole
// schedule, the same ascent step scaled by temporal_step (the same gradient: same picture, seed and
// jitter); before that, and on a first frame, the whole step.
TEST_CASE("carried frames step at temporal_step of the step size once the shot's dream is grown, the whole step before") {
  const Image photo = load_image(shared_image("sky.jpg"));
  const auto model = googlenet();
  const Image first = window(photo, 0), second = window(photo, 4);
  const MotionField motion = camera_shift(kWidth, kHeight, 4, 0);
  // The change one step makes to a carried frame, after `first_steps` steps on the first frame.
  auto carried_step = [&](float temporal_step, int first_steps) {
    DreamParams p = temporal_params(TemporalMode::Flow);  // 4 steps, one octave: the schedule is 4 steps
    p.temporal_step = temporal_step;
    dream::Engine engine(model, p);
    engine.next_frame(first, nullptr);
    for (int i = 0; i < first_steps; ++i) engine.step();
    engine.next_frame(second, &motion);
    const torch::Tensor before = engine.dream_tensor().clone();
    engine.step();
    return std::make_pair(engine.dream_tensor() - before, before);
  };
  const auto [whole, start] = carried_step(1.0f, 4);
  const auto [scaled, scaled_start] = carried_step(0.25f, 4);
  REQUIRE(max_diff_levels(start, scaled_start) == 0.0);  // the same carried picture
  REQUIRE(mean_abs(whole) > 0.2);                        // the step moved something
  // Where no pixel was clipped at -1 or 1, the scaled step is a quarter of the whole one.
  const auto unclipped = (start + whole).abs().lt(1.0) & (start + scaled).abs().lt(1.0);
  CHECK(((scaled - 0.25 * whole).abs() * unclipped).max().item<double>() * 127.5 < 1e-3);
  CHECK(unclipped.to(torch::kFloat).mean().item<double>() > 0.8);  // the white clouds sit at 1: the rest is most
  // The shot's schedule not yet done (2 of its 4 steps): the carried frame steps fully.
  const auto [early_whole, early_start] = carried_step(1.0f, 2);
  const auto [early_scaled, early_scaled_start] = carried_step(0.25f, 2);
  CHECK(max_diff_levels(early_whole, early_scaled) == 0.0);
  CHECK(mean_abs(early_whole) > 0.2);
}

TEST_CASE("next_frame: a first frame is set_source, a new size a new dream, a motion of the wrong size an error") {
  const Image photo = load_image(shared_image("sky.jpg"));
  dream::Engine engine(googlenet(), temporal_params(TemporalMode::Flow));
  const MotionField motion = camera_shift(kWidth, kHeight, 1, 0);
  engine.next_frame(window(photo, 0), &motion);  // no last frame: the motion has nothing to carry
  CHECK(max_diff_levels(engine.dream_tensor(), unit(window(photo, 0))) == 0.0);
  engine.step();
  const Image bigger = crop(photo, 0, 0, kWidth + 32, kHeight);
  engine.next_frame(bigger, &motion);
  CHECK(engine.width() == kWidth + 32);
  CHECK(max_diff_levels(engine.dream_tensor(), unit(bigger)) == 0.0);
  CHECK_THROWS_AS(engine.next_frame(crop(photo, 4, 0, kWidth + 32, kHeight), &motion), std::invalid_argument);
  CHECK_THROWS_AS(engine.next_frame(Image{}, nullptr), Error);
}
