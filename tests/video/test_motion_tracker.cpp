// The motion tracker on frames with known motion: windows panning over the sky photo, a patch
// sliding over a still background, and an unrelated picture for a cut.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/image.h"
#include "core/procedural_image.h"
#include "support/catch.h"
#include "support/test_env.h"
#include "video/motion_tracker.h"
#include "video/moving_frames.h"

using namespace livedream;
using namespace livedream::test;
using video::FrameChange;
using Kind = FrameChange::Kind;

namespace {

constexpr int kWidth = 320, kHeight = 240;

Image sky_photo() { return load_image(shared_image("sky.jpg")); }  // 550x413

struct FlowError {
  double mean = 0, within_half_pixel = 0;  // mean error, fraction of pixels within 0.5 px
};

// The flow against the true (dx, dy) over the pixels at least `margin` from every border.
FlowError flow_error(const MotionField& motion, float dx, float dy, int margin) {
  FlowError e;
  int n = 0, good = 0;
  for (int y = margin; y < motion.height - margin; ++y)
    for (int x = margin; x < motion.width - margin; ++x) {
      const size_t i = static_cast<size_t>(y) * motion.width + x;
      const double err = std::hypot(motion.backward[2 * i] - dx, motion.backward[2 * i + 1] - dy);
      e.mean += err;
      good += err < 0.5;
      ++n;
    }
  e.mean /= n;
  e.within_half_pixel = static_cast<double>(good) / n;
  return e;
}

double occluded_share(const MotionField& motion, int x0, int y0, int x1, int y1) {
  int n = 0, occluded = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      occluded += motion.occluded[static_cast<size_t>(y) * motion.width + x] != 0;
      ++n;
    }
  return static_cast<double>(occluded) / n;
}

}  // namespace

TEST_CASE("the flow of a camera panning over a photo is the true shift, away from the borders") {
  const Image photo = sky_photo();
  video::MotionTracker tracker;
  CHECK(tracker.next(crop(photo, 60, 40, kWidth, kHeight)).kind == Kind::First);
  // The window moves 3 px right and 2 px down: each pixel's content was 3 px right and 2 px
  // below in the last frame.
  const FrameChange change = tracker.next(crop(photo, 63, 42, kWidth, kHeight));
  REQUIRE(change.kind == Kind::Motion);
  REQUIRE(change.motion.width == kWidth);
  REQUIRE(change.motion.height == kHeight);
  const FlowError e = flow_error(change.motion, 3.0f, 2.0f, 16);
  INFO("mean error " << e.mean << " px, within 0.5 px: " << e.within_half_pixel);
  CHECK(e.mean < 0.5);
  CHECK(e.within_half_pixel > 0.9);

  // And the other way, by a different amount (a wrong sign or scale would fail one of the two).
  const FrameChange back = tracker.next(crop(photo, 58, 41, kWidth, kHeight));
  REQUIRE(back.kind == Kind::Motion);
  const FlowError b = flow_error(back.motion, -5.0f, -1.0f, 16);
  INFO("back: mean error " << b.mean << " px, within 0.5 px: " << b.within_half_pixel);
  CHECK(b.mean < 0.5);
  CHECK(b.within_half_pixel > 0.9);
}

TEST_CASE("the occlusion mask marks the strip that came into view, not the interior") {
  const Image photo = sky_photo();
  video::MotionTracker tracker;
  tracker.next(crop(photo, 60, 40, kWidth, kHeight));
  const FrameChange change = tracker.next(crop(photo, 66, 44, kWidth, kHeight));  // 6 px right, 4 down
  REQUIRE(change.kind == Kind::Motion);
  const MotionField& m = change.motion;
  // The right 6 columns and the bottom 4 rows were outside the last frame.
  CHECK(occluded_share(m, kWidth - 6, 0, kWidth, kHeight) == 1.0);
  CHECK(occluded_share(m, 0, kHeight - 4, kWidth, kHeight) == 1.0);
  // The opposite borders and the interior were visible.
  CHECK(occluded_share(m, 0, 0, 6, kHeight - 4) < 0.05);
  CHECK(occluded_share(m, 16, 16, kWidth - 16, kHeight - 16) < 0.02);
}

// The mean carry weight (0..1) over a rectangle.
double mean_weight(const MotionField& motion, int x0, int y0, int x1, int y1) {
  double sum = 0;
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++n) sum += motion.carry_weight[static_cast<size_t>(y) * motion.width + x] / 255.0;
  return sum / n;
}

TEST_CASE("the carry weight is the flow's confidence: none for what came into view, full inside, low where a patch uncovered") {
  const Image photo = sky_photo();
  video::MotionTracker tracker;
  tracker.next(crop(photo, 60, 40, kWidth, kHeight));
  const FrameChange pan = tracker.next(crop(photo, 66, 44, kWidth, kHeight));
  REQUIRE(pan.kind == Kind::Motion);
  REQUIRE(pan.motion.carry_weight.size() == pan.motion.occluded.size());
  CHECK(mean_weight(pan.motion, kWidth - 6, 0, kWidth, kHeight) < 0.01);  // outside the last frame: nothing to carry
  CHECK(mean_weight(pan.motion, 16, 16, kWidth - 16, kHeight - 16) > 0.97);
  // Where a patch uncovered background, the confidence is low; on the far background, full.
  const Image background = crop(photo, 0, 0, kWidth, kHeight);
  const Image patch = crop(photo, 400, 250, 96, 96);
  tracker.reset();
  tracker.next(paste(background, patch, 100, 70, 96));
  const FrameChange slide = tracker.next(paste(background, patch, 116, 70, 96));
  REQUIRE(slide.kind == Kind::Motion);
  const double uncovered = mean_weight(slide.motion, 102, 78, 114, 158), far = mean_weight(slide.motion, 8, 8, 80, 232);
  INFO("uncovered strip: " << uncovered << ", far background: " << far);
  CHECK(uncovered < 0.5);
  CHECK(far > 0.97);
  // Weight 255 wherever the hard mask says visible with room to spare: the two agree where they must.
  for (size_t i = 0; i < pan.motion.occluded.size(); ++i)
    if (pan.motion.occluded[i] == 0 && pan.motion.carry_weight[i] == 0) FAIL("a visible pixel with no weight at " << i);
}

TEST_CASE("a patch sliding over a still background uncovers what the consistency check marks") {
  const Image photo = sky_photo();
  const Image background = crop(photo, 0, 0, kWidth, kHeight);
  const Image patch = crop(photo, 400, 250, 96, 96);  // other content, textured
  video::MotionTracker tracker;
  tracker.next(paste(background, patch, 100, 70, 96));
  // The patch moves 16 px right: in the new frame, x 100..115 shows background it covered.
  const FrameChange change = tracker.next(paste(background, patch, 116, 70, 96));
  REQUIRE(change.kind == Kind::Motion);
  const MotionField& m = change.motion;
  const double uncovered = occluded_share(m, 102, 78, 114, 158);
  const double background_far = occluded_share(m, 8, 8, 80, 232);
  INFO("uncovered strip occluded: " << uncovered << ", far background: " << background_far);
  CHECK(uncovered > 0.5);
  CHECK(background_far < 0.02);
}

TEST_CASE("an unrelated picture is a cut, a new size too, and reset starts over") {
  const Image photo = sky_photo();
  video::MotionTracker tracker;
  CHECK(tracker.next(crop(photo, 60, 40, kWidth, kHeight)).kind == Kind::First);
  const FrameChange same = tracker.next(crop(photo, 60, 40, kWidth, kHeight));
  CHECK(same.kind == Kind::Motion);
  CHECK(same.cut_score < 0.1);
  const FrameChange cut = tracker.next(make_clouds(kWidth, kHeight, 7));
  CHECK(cut.kind == Kind::Cut);
  CHECK(cut.motion.empty());
  CHECK(cut.cut_score > 0.3);
  CHECK(tracker.next(make_clouds(kWidth + 16, kHeight, 7)).kind == Kind::Cut);
  tracker.reset();
  CHECK(tracker.next(make_clouds(kWidth + 16, kHeight, 7)).kind == Kind::First);
}
