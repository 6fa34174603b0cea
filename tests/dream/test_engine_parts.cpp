// The engine's building blocks on their own: octave sizes, tiles, the feedback resample, the
// guide objective, the jitter generator and image conversions. No trained model needed.
#include <torch/csrc/autograd/autograd.h>

#include <ostream>
#include <set>

#include "core/procedural_image.h"
#include "dream/feedback_transform.h"
#include "dream/image_tensor.h"
#include "dream/jitter.h"
#include "dream/objective.h"
#include "dream/octaves.h"
#include "dream/tiled_gradient.h"
#include "support/catch.h"
#include "test_engine_support.h"

using namespace livedream;
using namespace livedream::dream;

TEST_CASE("octave sizes shrink by the scale, smallest first, and never below the network's minimum") {
  auto sizes = octave_sizes(375, 500, 4, 1.4, 64);
  REQUIRE(sizes.size() == 4);
  CHECK(sizes[3] == OctaveSize{375, 500});
  CHECK(sizes[2] == OctaveSize{268, 357});  // 375/1.4 = 267.9, 500/1.4 = 357.1
  CHECK(sizes[1] == OctaveSize{191, 255});  // /1.96
  CHECK(sizes[0] == OctaveSize{137, 182});  // /2.744
  // A small picture: the shorter side stops at 64 and the aspect ratio is kept.
  sizes = octave_sizes(96, 128, 4, 1.4, 64);
  CHECK(sizes[0] == OctaveSize{64, 85});
  CHECK(sizes[1] == OctaveSize{64, 85});
  CHECK(sizes[2] == OctaveSize{69, 91});
  CHECK(octave_sizes(96, 128, 1, 1.4, 64) == std::vector<OctaveSize>{{96, 128}});
}

TEST_CASE("resample keeps the size it is given and averages when shrinking") {
  auto x = torch::rand({1, 3, 40, 60}, torch::kFloat64);
  CHECK(resample(x, {40, 60}).is_same(x));
  auto half = resample(x, {20, 30});
  CHECK(half.sizes() == torch::IntArrayRef{1, 3, 20, 30});
  // Shrinking averages neighbours (a point sample would keep the noise's spread): the
  // antialiased 2x filter weighs 4 pixels per axis (1, 3, 3, 1) / 8, which leaves about 0.31 of
  // the standard deviation of independent noise.
  const double ratio = half.std().item<double>() / x.std().item<double>();
  CHECK(ratio < 0.45);
  CHECK(ratio > 0.2);
  CHECK(half.mean().item<double>() == Approx(x.mean().item<double>()).epsilon(0.02));
  CHECK(resample(half, {40, 60}).sizes() == x.sizes());
}

TEST_CASE("tile spans cover the length on aligned starts, within half a tile and a tile and a half") {
  CHECK(tile_spans(500, 512, 16, 64) == std::vector<Span>{{0, 500}});
  CHECK(tile_spans(500, 0, 16, 64) == std::vector<Span>{{0, 500}});
  CHECK(tile_spans(1024, 512, 16, 64) == std::vector<Span>{{0, 512}, {512, 512}});
  CHECK(tile_spans(1100, 512, 16, 64) == std::vector<Span>{{0, 512}, {512, 588}});  // 76 left: joins
  CHECK(tile_spans(1400, 512, 16, 64) == std::vector<Span>{{0, 512}, {512, 512}, {1024, 376}});
  CHECK(tile_spans(300, 100, 32, 64) == std::vector<Span>{{0, 96}, {96, 96}, {192, 108}});  // 100 -> 96 aligned
  for (int64_t length : {65, 129, 513, 777, 2049}) {
    int64_t covered = 0;
    for (const auto& span : tile_spans(length, 128, 32, 64)) {
      CHECK(span.start == covered);
      CHECK(span.start % 32 == 0);
      CHECK(span.length >= std::min<int64_t>(length, 64));
      CHECK(span.length <= 128 * 3 / 2);
      covered += span.length;
    }
    CHECK(covered == length);
  }
}

TEST_CASE("a feedback zoom of 1.0 with no rotation or pan is the identity") {
  auto x = torch::rand({1, 3, 37, 53}, torch::kFloat64);
  // The resample itself, forced through grid_sample: identical up to rounding.
  CHECK((resample_affine(x, {}) - x).abs().max().item<double>() < 1e-9);
  // As the engine applies it: not resampled at all, so bit for bit.
  auto y = x.clone();
  apply_feedback(y, torch::zeros_like(x), FeedbackTransform{}, 0.0);
  CHECK(torch::equal(y, x));
  // And it is not the identity as soon as something is asked.
  CHECK((resample_affine(x, {1.05, 0, 0, 0}) - x).abs().max().item<double>() > 0.01);
}

TEST_CASE("feedback pans in pixels, zooms about the centre and turns counter-clockwise") {
  auto x = torch::rand({1, 3, 32, 48}, torch::kFloat64);
  // Pan right by 3 px: the picture moves left by 3 (away from the mirrored edge).
  auto panned = resample_affine(x, {1.0, 0.0, 3.0, 0.0});
  CHECK((panned.slice(3, 0, 40) - x.slice(3, 3, 43)).abs().max().item<double>() < 1e-9);
  auto down = resample_affine(x, {1.0, 0.0, 0.0, -2.0});  // view up: the picture moves down
  CHECK((down.slice(2, 2, 32) - x.slice(2, 0, 30)).abs().max().item<double>() < 1e-9);
  // A quarter turn counter-clockwise of a square: the right edge comes to the top (the top-right
  // corner goes to the top left).
  auto square = torch::rand({1, 1, 16, 16}, torch::kFloat64);
  auto turned = resample_affine(square, {1.0, 90.0, 0.0, 0.0});
  for (int i = 0; i < 16; ++i) CHECK(turned[0][0][0][i].item<double>() == Approx(square[0][0][i][15].item<double>()).margin(1e-9));
  // Zoom 2: the centre stays, the pixel a quarter of the way in comes to the edge.
  auto ramp = torch::arange(0, 64, torch::kFloat64).view({1, 1, 1, 64}).expand({1, 1, 8, 64}).contiguous();
  auto zoomed = resample_affine(ramp, {2.0, 0.0, 0.0, 0.0});
  // Pixel j's centre is at j + 0.5 from the left edge; the centre of the picture is at 32.
  CHECK(zoomed[0][0][4][0].item<double>() == Approx(15.75));   // (0.5 - 32) / 2 + 32 - 0.5
  CHECK(zoomed[0][0][4][32].item<double>() == Approx(31.75));  // (32.5 - 32) / 2 + 32 - 0.5
}

namespace {
// How much the sharpest column (row) within 8 px of the centre stands out: mean absolute
// horizontal (vertical) difference per column (row), the largest of those near the centre over
// the median of all. 1 is an even picture; a cross through the centre shows as a large ratio.
std::pair<double, double> sharpest_near_centre_over_median(const torch::Tensor& x) {
  auto ratio = [](const torch::Tensor& profile) {
    const int64_t centre = (profile.size(0) + 1) / 2;  // boundary i lies between pixels i and i+1
    return (profile.slice(0, centre - 9, centre + 8).max() / profile.median()).item<double>();
  };
  return {ratio((x.slice(3, 1) - x.slice(3, 0, -1)).abs().mean({0, 1, 2})),
          ratio((x.slice(2, 1) - x.slice(2, 0, -1)).abs().mean({0, 1, 3}))};
}
}  // namespace

TEST_CASE("hundreds of feedback zoom steps leave no sharper cross through the centre") {
  // The viewer's zoom, 300 times, nothing else: every resample must blur every pixel alike, or
  // the centre column and row (which an interpolating filter never blurs) end up sharper than
  // the rest and split the picture into quadrants (bilinear: 1.3-1.8x).
  // (After 300 steps the picture shows the central ~1/100 of the original, magnified: a smooth
  // field whose own slope can make a column near an edge stand out, so the columns and rows
  // looked at are those within 8 px of the centre, where the cross would be.)
  torch::manual_seed(3);
  for (const auto& [h, w] : std::vector<std::pair<int64_t, int64_t>>{{128, 128}, {120, 160}, {121, 161}}) {
    auto image = torch::rand({1, 3, h, w}, torch::kFloat32) * 2 - 1;
    const auto source = image.clone();
    FeedbackResampler resampler;
    for (int i = 0; i < 300; ++i) resampler.apply(image, source, {1.0157, 0.0, 0.0, 0.0}, 0.0);
    const auto [columns, rows] = sharpest_near_centre_over_median(image);
    INFO(h << "x" << w << ": sharpest column near the centre " << columns << ", sharpest row " << rows << " x the median");
    CHECK(columns < 1.15);
    CHECK(rows < 1.15);
    // The same with a small turn (a zoom and a rotation at once: the quadratic B-spline).
    image = source.clone();
    for (int i = 0; i < 300; ++i) resampler.apply(image, source, {1.0157, 0.5, 0.0, 0.0}, 0.0);
    const auto [turned_columns, turned_rows] = sharpest_near_centre_over_median(image);
    INFO("turning: " << turned_columns << ", " << turned_rows);
    CHECK(turned_columns < 1.3);
    CHECK(turned_rows < 1.3);
  }
}

TEST_CASE("feedback blends the given fraction of the way back to the source") {
  auto image = torch::full({1, 3, 8, 8}, 0.5, torch::kFloat64);
  auto source = torch::full({1, 3, 8, 8}, -0.5, torch::kFloat64);
  apply_feedback(image, source, {}, 0.25);
  CHECK(image[0][1][3][3].item<double>() == Approx(0.25));
}

TEST_CASE("the guide objective is the mean over positions of the best dot product with the guide") {
  // Two positions with features (1, 0) and (0, 1); guide vectors (2, 0) and (0, 3).
  auto x = torch::zeros({1, 2, 1, 2}, torch::kFloat64);
  x[0][0][0][0] = 1.0;
  x[0][1][0][1] = 1.0;
  x.requires_grad_(true);
  auto guide = torch::tensor({2.0, 0.0, 0.0, 3.0}, torch::kFloat64).view({2, 2});  // columns are guide vectors
  auto loss = best_match_dot_product(x, guide);
  CHECK(loss.item<double>() == Approx((2.0 + 3.0) / 2));
  // The gradient at each position is the best matching guide vector (the notebook's diff), / positions.
  auto g = torch::autograd::grad({loss}, {x})[0];
  CHECK(g[0][0][0][0].item<double>() == Approx(1.0));
  CHECK(g[0][1][0][0].item<double>() == Approx(0.0));
  CHECK(g[0][0][0][1].item<double>() == Approx(0.0));
  CHECK(g[0][1][0][1].item<double>() == Approx(1.5));
}

TEST_CASE("roll jitter is reproducible from its seed and spans the range") {
  RollJitter a(42), b(42), c(43);
  std::set<int64_t> seen;
  bool differs = false;
  for (int i = 0; i < 400; ++i) {
    const auto sa = a.next(3), sb = b.next(3), sc = c.next(3);
    CHECK(sa.dy == sb.dy);
    CHECK(sa.dx == sb.dx);
    differs = differs || sa.dy != sc.dy || sa.dx != sc.dx;
    CHECK(std::abs(sa.dy) <= 3);
    CHECK(std::abs(sa.dx) <= 3);
    seen.insert(sa.dx);
  }
  CHECK(differs);
  CHECK(seen.size() == 7);
  CHECK(a.next(0).none());
}

TEST_CASE("images convert to unit-range tensors and back exactly") {
  const Image clouds = make_clouds(40, 30);
  for (auto dtype : {torch::kFloat32, torch::kFloat64}) {
    auto t = image_to_unit(clouds, torch::TensorOptions().dtype(dtype));
    CHECK(t.sizes() == torch::IntArrayRef{1, 3, 30, 40});
    CHECK(t.min().item<double>() >= -1.0);
    CHECK(t.max().item<double>() <= 1.0);
    // pixel (x=5, y=7), green channel
    CHECK(t[0][1][7][5].item<double>() == Approx(clouds.pixel(5, 7)[1] / 127.5 - 1.0));
    const Image back = unit_to_image(t);
    CHECK(back.width == 40);
    CHECK(back.height == 30);
    CHECK(back.rgb == clouds.rgb);
    auto rgba = unit_to_rgba8(t);
    CHECK(rgba.sizes() == torch::IntArrayRef{30, 40, 4});
    CHECK(rgba[7][5][1].item<int>() == clouds.pixel(5, 7)[1]);
    CHECK(rgba[7][5][3].item<int>() == 255);
  }
  // Out of range values clip instead of wrapping around.
  auto bright = torch::full({1, 3, 2, 2}, 1.5);
  CHECK(unit_to_image(bright).rgb[0] == 255);
  CHECK(unit_to_image(-bright).rgb[0] == 0);
}
