// The flicker meter (Lai et al. 2018's warping error, relative to the source's) on a panning
// window over the sky photo: a video equal to its source, and one with fresh noise every frame.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/flicker_meter.h"
#include "video/motion_tracker.h"
#include "video/moving_frames.h"

using namespace livedream;
using namespace livedream::test;

namespace {

// `image` plus uniform noise of up to +-amplitude levels, new for every call.
Image with_noise(const Image& image, int amplitude, std::mt19937& random) {
  std::uniform_int_distribution<int> noise(-amplitude, amplitude);
  Image out = image;
  for (auto& v : out.rgb) v = static_cast<uint8_t>(std::clamp(v + noise(random), 0, 255));
  return out;
}

// A camera panning over the sky photo, `frames` windows of 200x150: calls show(i, source, change)
// with each window and how the tracker saw it move.
template <typename Show>
void pan_over_sky(int frames, Show show) {
  const Image photo = load_image(shared_image("sky.jpg"));
  video::MotionTracker tracker;
  for (int i = 0; i < frames; ++i) {
    const Image source = crop(photo, 40 + 4 * i, 30 + i, 200, 150);
    show(i, source, tracker.next(source));
  }
}

}  // namespace

TEST_CASE("the flicker meter: ratio 1 for the source itself, above 1 with per-frame noise") {
  video::FlickerMeter same("same"), noisy("noisy");
  std::mt19937 random(5);
  constexpr int kFrames = 6;
  pan_over_sky(kFrames, [&](int, const Image& source, const video::FrameChange& change) {
    same.add(source, source, change);
    noisy.add(source, with_noise(source, 12, random), change);
  });
  const auto a = same.report(), b = noisy.report();
  CHECK(a.label == "same");
  CHECK(a.frames == kFrames);
  CHECK(a.compared == kFrames - 1);  // the first frame has nothing before it
  CHECK(a.source_error > 0.0);
  CHECK(a.flicker_ratio == Approx(1.0));
  CHECK(a.strength == 0.0);
  INFO("noisy: source error " << b.source_error << ", output error " << b.output_error);
  CHECK(b.flicker_ratio > 1.5);
  CHECK(b.strength == Approx(6.0).margin(1.0));  // mean |uniform noise of +-12|, a little clipped

  const auto json = to_json(b);
  CHECK(json.at("label") == "noisy");
  CHECK(json.at("frames") == kFrames);
  CHECK(json.at("compared_frames") == kFrames - 1);
  CHECK(json.at("flicker_ratio").get<double>() == Approx(b.flicker_ratio));
  CHECK(json.at("strength").get<double>() == Approx(b.strength));
}

TEST_CASE("the flicker meter skips cuts and measures nothing without motion") {
  video::FlickerMeter meter;
  const Image photo = load_image(shared_image("sky.jpg"));
  video::FrameChange first;  // First
  meter.add(crop(photo, 0, 0, 100, 80), crop(photo, 0, 0, 100, 80), first);
  video::FrameChange cut;
  cut.kind = video::FrameChange::Kind::Cut;
  meter.add(crop(photo, 300, 200, 100, 80), crop(photo, 300, 200, 100, 80), cut);
  const auto r = meter.report();
  CHECK(r.frames == 2);
  CHECK(r.compared == 0);
  CHECK(r.flicker_ratio == 0.0);
  CHECK_THROWS_AS(meter.add(crop(photo, 0, 0, 100, 80), crop(photo, 0, 0, 90, 80), first), std::invalid_argument);
}

TEST_CASE("the blurred flicker measure counts what a viewer sees: fine noise much less, a flickering brightness as much") {
  video::FlickerMeter same("same"), noisy("noisy"), pulsing("pulsing");
  std::mt19937 random(7);
  pan_over_sky(6, [&](int i, const Image& source, const video::FrameChange& change) {
    same.add(source, source, change);
    noisy.add(source, with_noise(source, 12, random), change);  // pixel noise: video coding's kind of loss
    Image brighter = source;                                    // the whole picture 10 levels up and down
    for (auto& v : brighter.rgb) v = static_cast<uint8_t>(std::clamp(v + (i % 2 ? 10 : -10), 0, 255));
    pulsing.add(source, brighter, change);
  });
  const auto a = same.report(), n = noisy.report(), p = pulsing.report();
  CHECK(a.blur_sigma == video::kFlickerBlurSigma);
  CHECK(a.blurred_source_error > 0.0);
  CHECK(a.blurred_source_error < a.source_error);  // the blur takes the source's fine detail too
  CHECK(a.blurred_flicker_ratio == Approx(1.0));
  INFO("noisy: " << n.flicker_ratio << " unblurred, " << n.blurred_flicker_ratio << " blurred");
  CHECK(n.blurred_flicker_ratio > 1.0);
  CHECK(n.blurred_flicker_ratio < 0.6 * n.flicker_ratio);  // a sigma 1.5 blur averages the noise away
  INFO("pulsing: " << p.flicker_ratio << " unblurred, " << p.blurred_flicker_ratio << " blurred");
  CHECK(p.flicker_ratio > 2.0);
  CHECK(p.blurred_flicker_ratio > p.flicker_ratio);  // nothing of a brightness change is fine detail
  const auto json = to_json(n);
  CHECK(json.at("blurred_flicker_ratio").get<double>() == Approx(n.blurred_flicker_ratio));
  CHECK(json.at("blur_sigma").get<double>() == 1.5);
}
