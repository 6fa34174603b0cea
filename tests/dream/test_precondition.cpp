// The preconditioners and the robust transforms against direct implementations of their formulas:
// plain loops in float64 over small random gradients, written from the papers' code, not from
// dream/precondition.cpp (which uses strided convolutions, FFTs and separable passes).
#include <torch/torch.h>

#include <cmath>
#include <complex>
#include <vector>

#include "dream/engine.h"
#include "dream/jitter.h"
#include "dream/precondition.h"
#include "dream/robust_transforms.h"
#include "support/catch.h"
#include "test_engine_support.h"

using namespace livedream;
using namespace livedream::dream;

namespace {

using Grid = std::vector<std::vector<double>>;  // [y][x]

Grid channel(const torch::Tensor& t, int64_t c) {
  auto a = t.to(torch::kFloat64).contiguous();
  Grid g(static_cast<size_t>(a.size(2)), std::vector<double>(static_cast<size_t>(a.size(3))));
  auto acc = a.accessor<double, 4>();
  for (int64_t y = 0; y < a.size(2); ++y)
    for (int64_t x = 0; x < a.size(3); ++x) g[y][x] = acc[0][c][y][x];
  return g;
}

double max_abs_difference(const torch::Tensor& a, const std::vector<Grid>& b) {
  double worst = 0;
  for (size_t c = 0; c < b.size(); ++c) {
    const Grid g = channel(a, static_cast<int64_t>(c));
    for (size_t y = 0; y < g.size(); ++y)
      for (size_t x = 0; x < g[y].size(); ++x) worst = std::max(worst, std::abs(g[y][x] - b[c][y][x]));
  }
  return worst;
}

// --- lap_normalize, the TensorFlow DeepDream notebook, with loops --------------------------------
const double kTaps[5] = {1, 4, 6, 4, 1};

// tf.nn.conv2d(x, k5x5, strides 2, 'SAME'): out[i][j] = sum k[a][b] x[2i + a - pad][2j + b - pad],
// zero outside, pad = (total padding) / 2 where total = max((out - 1) * 2 + 5 - n, 0).
int same_pad(int n) {
  const int out = (n + 1) / 2;
  return std::max((out - 1) * 2 + 5 - n, 0) / 2;
}

Grid conv_down(const Grid& x) {
  const int h = static_cast<int>(x.size()), w = static_cast<int>(x[0].size());
  const int oh = (h + 1) / 2, ow = (w + 1) / 2, py = same_pad(h), px = same_pad(w);
  Grid out(oh, std::vector<double>(ow, 0.0));
  for (int i = 0; i < oh; ++i)
    for (int j = 0; j < ow; ++j)
      for (int a = 0; a < 5; ++a)
        for (int b = 0; b < 5; ++b) {
          const int y = 2 * i + a - py, xx = 2 * j + b - px;
          if (y >= 0 && y < h && xx >= 0 && xx < w) out[i][j] += kTaps[a] * kTaps[b] / 256.0 * x[y][xx];
        }
  return out;
}

// tf.nn.conv2d_transpose(lo, k5x5 * 4, shape (h, w), strides 2, 'SAME'): every input sample
// scattered through the kernel to where conv_down gathered it from.
Grid conv_up(const Grid& lo, int h, int w) {
  const int py = same_pad(h), px = same_pad(w);
  Grid out(h, std::vector<double>(w, 0.0));
  for (size_t i = 0; i < lo.size(); ++i)
    for (size_t j = 0; j < lo[0].size(); ++j)
      for (int a = 0; a < 5; ++a)
        for (int b = 0; b < 5; ++b) {
          const int y = 2 * static_cast<int>(i) + a - py, x = 2 * static_cast<int>(j) + b - px;
          if (y >= 0 && y < h && x >= 0 && x < w) out[y][x] += 4.0 * kTaps[a] * kTaps[b] / 256.0 * lo[i][j];
        }
  return out;
}

std::vector<Grid> direct_lap_normalize(std::vector<Grid> image, int levels) {
  // lap_split_n per channel, then normalize_std over all channels of a band, then lap_merge.
  const size_t channels = image.size();
  std::vector<std::vector<Grid>> highs(levels, std::vector<Grid>(channels));
  for (int level = 0; level < levels; ++level)
    for (size_t c = 0; c < channels; ++c) {
      Grid low = conv_down(image[c]);
      Grid up = conv_up(low, static_cast<int>(image[c].size()), static_cast<int>(image[c][0].size()));
      Grid high = image[c];
      for (size_t y = 0; y < high.size(); ++y)
        for (size_t x = 0; x < high[y].size(); ++x) high[y][x] -= up[y][x];
      highs[level][c] = high;
      image[c] = low;
    }
  auto normalise = [](std::vector<Grid>& band) {
    double sum = 0, count = 0;
    for (auto& g : band)
      for (auto& row : g)
        for (double v : row) sum += v * v, count += 1;
    const double rms = std::max(std::sqrt(sum / count), 1e-10);
    for (auto& g : band)
      for (auto& row : g)
        for (double& v : row) v /= rms;
  };
  normalise(image);
  for (int level = levels - 1; level >= 0; --level) {
    normalise(highs[level]);
    for (size_t c = 0; c < channels; ++c) {
      const Grid& high = highs[level][c];
      Grid up = conv_up(image[c], static_cast<int>(high.size()), static_cast<int>(high[0].size()));
      for (size_t y = 0; y < up.size(); ++y)
        for (size_t x = 0; x < up[y].size(); ++x) up[y][x] += high[y][x];
      image[c] = up;
    }
  }
  return image;
}

// --- Lucid's Fourier preconditioner with a direct DFT --------------------------------------------
double frequency(int k, int n) { return static_cast<double>(k <= n / 2 ? k : n - k) / n; }  // |fftfreq|

std::vector<Grid> direct_fourier(const std::vector<Grid>& g) {
  const double pi = std::acos(-1.0);
  const int h = static_cast<int>(g[0].size()), w = static_cast<int>(g[0][0].size());
  std::vector<Grid> filtered;
  for (const Grid& ch : g) {
    Grid out(h, std::vector<double>(w, 0.0));
    std::vector<std::vector<std::complex<double>>> spectrum(h, std::vector<std::complex<double>>(w));
    for (int ky = 0; ky < h; ++ky)
      for (int kx = 0; kx < w; ++kx) {
        std::complex<double> sum = 0;
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x) sum += ch[y][x] * std::polar(1.0, -2 * pi * (double(ky) * y / h + double(kx) * x / w));
        const double f = std::hypot(frequency(ky, h), frequency(kx, w));
        spectrum[ky][kx] = sum / std::max(f, 1.0 / std::max(h, w));
      }
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        std::complex<double> sum = 0;
        for (int ky = 0; ky < h; ++ky)
          for (int kx = 0; kx < w; ++kx) sum += spectrum[ky][kx] * std::polar(1.0, 2 * pi * (double(ky) * y / h + double(kx) * x / w));
        out[y][x] = sum.real() / (h * w);
      }
    filtered.push_back(out);
  }
  // lucid color_correlation_svd_sqrt, divided by its largest column norm; the colours mix by M M^T.
  double m[3][3] = {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05}, {0.27, -0.09, 0.03}};
  double max_norm = 0;
  for (int col = 0; col < 3; ++col)
    max_norm = std::max(max_norm, std::sqrt(m[0][col] * m[0][col] + m[1][col] * m[1][col] + m[2][col] * m[2][col]));
  for (auto& row : m)
    for (double& v : row) v /= max_norm;
  std::vector<Grid> mixed(3, Grid(h, std::vector<double>(w, 0.0)));
  for (int c = 0; c < 3; ++c)
    for (int k = 0; k < 3; ++k) {
      double mm = 0;
      for (int j = 0; j < 3; ++j) mm += m[c][j] * m[k][j];
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) mixed[c][y][x] += mm * filtered[k][y][x];
    }
  return mixed;
}

// --- pytorch-deepdream's CascadeGaussianSmoothing with a 2-D kernel ------------------------------
std::vector<Grid> direct_cascade(const std::vector<Grid>& g, double sigma) {
  const int h = static_cast<int>(g[0].size()), w = static_cast<int>(g[0][0].size());
  auto reflect = [](int i, int n) { return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i); };
  std::vector<Grid> out(g.size(), Grid(h, std::vector<double>(w, 0.0)));
  for (double factor : {0.5, 1.0, 2.0}) {
    const double s = sigma * factor;
    double kernel[9][9], total = 0;
    for (int a = 0; a < 9; ++a)
      for (int b = 0; b < 9; ++b) {
        kernel[a][b] = 1 / (s * std::sqrt(2 * std::acos(-1.0))) * std::exp(-std::pow((a - 4) / s, 2) / 2) * 1 /
                       (s * std::sqrt(2 * std::acos(-1.0))) * std::exp(-std::pow((b - 4) / s, 2) / 2);
        total += kernel[a][b];
      }
    for (size_t c = 0; c < g.size(); ++c)
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          double sum = 0;
          for (int a = 0; a < 9; ++a)
            for (int b = 0; b < 9; ++b) sum += kernel[a][b] / total * g[c][reflect(y + a - 4, h)][reflect(x + b - 4, w)];
          out[c][y][x] += sum / 3.0;
        }
  }
  return out;
}

std::vector<Grid> channels_of(const torch::Tensor& t) {
  std::vector<Grid> all;
  for (int64_t c = 0; c < t.size(1); ++c) all.push_back(channel(t, c));
  return all;
}

}  // namespace

TEST_CASE("laplacian preconditioning is the notebook's lap_normalize", "[precondition]") {
  torch::manual_seed(3);
  for (auto [h, w] : {std::pair{37, 50}, std::pair{32, 29}}) {
    const auto g = torch::randn({1, 3, h, w}, torch::kFloat64);
    const auto expected = direct_lap_normalize(channels_of(g), 4);
    const auto got = laplacian_normalize(g, 4);
    REQUIRE(got.sizes() == g.sizes());
    CHECK(max_abs_difference(got, expected) < 1e-9);
  }
  // It is not the identity: the bands are reweighted (a white-noise gradient has most of its energy
  // in the finest band, which the normalisation brings down to the others').
  const auto g = torch::randn({1, 3, 40, 40}, torch::kFloat64);
  CHECK((laplacian_normalize(g) - g).abs().max().item<double>() > 0.1);
}

TEST_CASE("laplacian preconditioning normalises each image of a batch on its own", "[precondition]") {
  const auto a = torch::randn({1, 3, 24, 24}, torch::kFloat64), b = torch::randn({1, 3, 24, 24}, torch::kFloat64) * 100;
  const auto both = laplacian_normalize(torch::cat({a, b}));
  CHECK(torch::allclose(both[0], laplacian_normalize(a)[0], 1e-9, 1e-9));
  CHECK(torch::allclose(both[1], laplacian_normalize(b)[0], 1e-9, 1e-9));
}

TEST_CASE("fourier preconditioning is Lucid's 1/f spectrum and colour decorrelation", "[precondition]") {
  torch::manual_seed(4);
  for (auto [h, w] : {std::pair{8, 10}, std::pair{9, 7}}) {
    const auto g = torch::randn({1, 3, h, w}, torch::kFloat64);
    CHECK(max_abs_difference(fourier_precondition(g), direct_fourier(channels_of(g))) < 1e-9);
  }
  // float32 in, float32 out, the same numbers to float32 precision.
  const auto g = torch::randn({1, 3, 16, 12}, torch::kFloat64);
  const auto single = fourier_precondition(g.to(torch::kFloat32));
  CHECK(single.scalar_type() == torch::kFloat32);
  CHECK(torch::allclose(single.to(torch::kFloat64), fourier_precondition(g), 1e-4, 1e-3));
}

TEST_CASE("smooth preconditioning is pytorch-deepdream's Gaussian cascade", "[precondition]") {
  torch::manual_seed(5);
  const auto g = torch::randn({1, 3, 15, 21}, torch::kFloat64);
  for (double sigma : {0.5, 1.3, 2.5})
    CHECK(max_abs_difference(cascade_gaussian_smooth(g, sigma), direct_cascade(channels_of(g), sigma)) < 1e-12);
  CHECK(smooth_sigma(0.0f) == 0.5);
  CHECK(smooth_sigma(1.0f) == 2.5);
  CHECK(smooth_sigma(7.0f) == 2.5);
}

TEST_CASE("the preconditioner applies its mode, and none is the gradient itself", "[precondition]") {
  const auto g = torch::randn({1, 3, 32, 32});
  CHECK(Preconditioner(Precondition::None).apply(g).is_same(g));
  CHECK(torch::allclose(Preconditioner(Precondition::Laplacian).apply(g), laplacian_normalize(g)));
  CHECK(torch::allclose(Preconditioner(Precondition::Fourier).apply(g), fourier_precondition(g)));
  CHECK(torch::allclose(Preconditioner(Precondition::Smooth).apply(g, 0.5f), cascade_gaussian_smooth(g, 1.5)));
}

TEST_CASE("robust transforms draw Lucid's ranges, reproducibly from the seed", "[transforms]") {
  RollJitter a(42), b(42), c(43);
  bool differs = false, turned = false, scaled = false;
  for (int i = 0; i < 200; ++i) {
    const auto ta = RobustTransforms::draw(a), tb = RobustTransforms::draw(b), tc = RobustTransforms::draw(c);
    CHECK(ta.scale == tb.scale);
    CHECK(ta.angle_deg == tb.angle_deg);
    CHECK(ta.first_dx == tb.first_dx);
    CHECK(ta.second_dy == tb.second_dy);
    differs = differs || ta.scale != tc.scale || ta.angle_deg != tc.angle_deg || ta.first_dx != tc.first_dx;
    CHECK(ta.scale >= 0.9 - 1e-12);
    CHECK(ta.scale <= 1.1 + 1e-12);
    CHECK(std::abs(ta.angle_deg) <= 10.0);
    CHECK(std::abs(ta.first_dx) <= 4.0);
    CHECK(std::abs(ta.second_dy) <= 2.0);
    turned = turned || ta.angle_deg != 0;
    scaled = scaled || ta.scale != 1.0;
  }
  CHECK(differs);
  CHECK(turned);
  CHECK(scaled);
}

TEST_CASE("the identity robust transform pads the image with grey", "[transforms]") {
  RobustTransforms transforms;
  const auto image = torch::rand({1, 3, 20, 30}) * 2 - 1;
  const auto grid = transforms.grid({}, 20, 30, image.options());
  const auto canvas = transforms.apply(image, grid);
  REQUIRE(canvas.size(2) == 32);
  REQUIRE(canvas.size(3) == 42);
  // The canvas is 12 px larger: the image sits in its middle, 6 px in, zero (grey) around it.
  CHECK(torch::allclose(canvas.slice(2, 6, 26).slice(3, 6, 36), image, 1e-5, 1e-5));
  CHECK(canvas.slice(2, 0, 6).abs().max().item<float>() == 0.0f);
  CHECK(canvas.slice(3, 36, 42).abs().max().item<float>() == 0.0f);
}

TEST_CASE("a robust transform moves, scales and turns the picture as drawn", "[transforms]") {
  // A single bright pixel at image pixel (x 14, y 9) of a 20x30 image, i.e. (-0.5, -0.5) from its
  // centre (15, 10): the canvas shows it at R (s (p - first)) - second from the canvas centre.
  RobustTransforms transforms;
  auto image = torch::zeros({1, 1, 20, 30}, torch::kFloat64);
  image[0][0][9][14] = 1.0;
  RobustTransform t;
  t.scale = 1.0;
  t.angle_deg = 90.0;
  t.first_dx = 2, t.first_dy = -1, t.second_dx = 1, t.second_dy = 0;
  const auto canvas = transforms.apply(image, transforms.grid(t, 20, 30, image.options()));
  const auto where = canvas.flatten().argmax().item<int64_t>();
  const double cx = static_cast<double>(where % canvas.size(3)) + 0.5 - canvas.size(3) / 2.0;
  const double cy = static_cast<double>(where / canvas.size(3)) + 0.5 - canvas.size(2) / 2.0;
  // p - first = (-2.5, 0.5); turned 90 degrees (x, y) -> (-y, x): (-0.5, -2.5); less second: (-1.5, -2.5).
  CHECK(cx == -1.5);
  CHECK(cy == -2.5);
  CHECK(canvas.max().item<double>() > 0.99);
}

TEST_CASE("the robust transform's gradient is the adjoint of its resample", "[transforms]") {
  // <T x, y> == <x, T* y> for every x and y: the gradient that reaches the image is exactly the
  // one autograd would give through the resample.
  RobustTransforms transforms;
  RollJitter rng(7);
  const auto x = torch::randn({2, 3, 24, 28}, torch::kFloat64);
  const auto grid = transforms.grid(RobustTransforms::draw(rng), 24, 28, x.options());
  const auto y = torch::randn({2, 3, 36, 40}, torch::kFloat64);
  const double lhs = (transforms.apply(x, grid) * y).sum().item<double>();
  const double rhs = (x * transforms.gradient_to_image(y, x, grid)).sum().item<double>();
  CHECK(lhs == Approx(rhs).epsilon(1e-10));
  auto leaf = x.clone().requires_grad_(true);
  const auto auto_grad = torch::autograd::grad({(transforms.apply(leaf, grid) * y).sum()}, {leaf})[0];
  CHECK(torch::allclose(auto_grad, transforms.gradient_to_image(y, x, grid), 1e-12, 1e-12));
}

// --- In the engine, on the real GoogLeNet --------------------------------------------------------
TEST_CASE("every precondition and the robust transforms dream reproducibly, each its own way", "[precondition][engine]") {
  auto model = test::googlenet();
  const Image source = test::sky(96, 80);
  auto dream_with = [&](Precondition precondition, Transforms transforms, uint64_t seed) {
    DreamParams p = test::plain_params("inception_3b", 4);
    p.precondition = precondition;
    p.transforms = transforms;
    p.seed = seed;
    Engine engine(model, p);
    engine.set_source(source);
    engine.run();
    return engine.frame();
  };
  const Image none = dream_with(Precondition::None, Transforms::Roll, 1);
  for (auto mode : {Precondition::Laplacian, Precondition::Fourier, Precondition::Smooth}) {
    INFO(to_string(mode));
    const Image a = dream_with(mode, Transforms::Roll, 1), b = dream_with(mode, Transforms::Roll, 1);
    CHECK(a.rgb == b.rgb);
    CHECK(a.rgb != none.rgb);
    CHECK(a.rgb != source.rgb);
  }
  const Image robust = dream_with(Precondition::None, Transforms::Robust, 1);
  CHECK(robust.rgb == dream_with(Precondition::None, Transforms::Robust, 1).rgb);
  CHECK(robust.rgb != dream_with(Precondition::None, Transforms::Robust, 2).rgb);
  CHECK(robust.rgb != none.rgb);
}
