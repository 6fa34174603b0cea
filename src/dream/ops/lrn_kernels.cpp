#include "dream/ops/lrn_kernels.h"

#include <algorithm>
#include <cmath>

#include "dream/ops/kernel_io.h"

namespace livedream::dream::kernels {
namespace {

using detail::BFloat16;
using detail::Io;
using detail::scratch;

// d^-beta; beta = 0.75 (every Caffe LRN) as (1/sqrt(d))^1.5, which vectorises.
template <class A, bool ThreeQuarters>
LIVEDREAM_INLINE A pow_neg(A d, A beta) {
  if constexpr (ThreeQuarters) {
    const A r = A(1) / std::sqrt(d);
    return r * std::sqrt(r);
  } else {
    return std::pow(d, -beta);
  }
}

template <class A>
struct Coefficients {
  int64_t size, lo, hi;
  A alpha_n, beta, k, grad_coef;
  explicit Coefficients(const LrnParams& p)
      : size(p.size),
        lo(p.size / 2),
        hi((p.size - 1) / 2),
        alpha_n(static_cast<A>(p.alpha / static_cast<double>(p.size))),
        beta(static_cast<A>(p.beta)),
        k(static_cast<A>(p.k)),
        grad_coef(static_cast<A>(2.0 * p.alpha * p.beta / static_cast<double>(p.size))) {}
};

// ---- channels-last: one pixel's channels are contiguous; vectorise across channels.

template <class T, bool Q>
LIVEDREAM_INLINE void forward_nhwc(const T* x, T* y, int64_t C, int64_t p0, int64_t p1, const LrnParams& params) {
  using A = typename Io<T>::Acc;
  const Coefficients<A> co(params);
  const int64_t W = co.size;
  A* sq = scratch<A>(static_cast<size_t>(2 * C + W));  // (C + W - 1) padded squares, then C sums
  A* s = sq + C + W;
  std::fill(sq, sq + C + W, A(0));
  for (int64_t px = p0; px < p1; ++px) {
    const T* xp = x + px * C;
    T* yp = y + px * C;
    for (int64_t c = 0; c < C; ++c) {
      const A v = Io<T>::load(xp, c);
      sq[co.lo + c] = v * v;
    }
    for (int64_t c = 0; c < C; ++c) s[c] = sq[c];
    for (int64_t j = 1; j < W; ++j)
      for (int64_t c = 0; c < C; ++c) s[c] += sq[c + j];
    for (int64_t c = 0; c < C; ++c) {
      const A d = co.k + co.alpha_n * s[c];
      Io<T>::store(yp, c, Io<T>::load(xp, c) * pow_neg<A, Q>(d, co.beta));
    }
  }
}

template <class T, bool Q>
LIVEDREAM_INLINE void backward_nhwc(const T* x, const T* dy, T* dx, int64_t C, int64_t p0, int64_t p1, const LrnParams& params) {
  using A = typename Io<T>::Acc;
  const Coefficients<A> co(params);
  const int64_t W = co.size;
  // sq: padded squares (lo zeros before, hi after); t: padded dy*x*d^(-beta-1) (hi before, lo after)
  A* sq = scratch<A>(static_cast<size_t>(4 * C + 2 * W));
  A* t = sq + C + W;
  A* s = t + C + W;  // window sums, then d^-beta
  A* u = s + C;      // window sums of t
  std::fill(sq, sq + 2 * (C + W), A(0));
  for (int64_t px = p0; px < p1; ++px) {
    const T* xp = x + px * C;
    const T* gp = dy + px * C;
    T* op = dx + px * C;
    for (int64_t c = 0; c < C; ++c) {
      const A v = Io<T>::load(xp, c);
      sq[co.lo + c] = v * v;
    }
    for (int64_t c = 0; c < C; ++c) s[c] = sq[c];
    for (int64_t j = 1; j < W; ++j)
      for (int64_t c = 0; c < C; ++c) s[c] += sq[c + j];
    for (int64_t c = 0; c < C; ++c) {
      const A d = co.k + co.alpha_n * s[c];
      const A dp = pow_neg<A, Q>(d, co.beta);
      s[c] = dp;
      t[co.hi + c] = Io<T>::load(gp, c) * Io<T>::load(xp, c) * dp / d;
    }
    for (int64_t c = 0; c < C; ++c) u[c] = t[c];
    for (int64_t j = 1; j < W; ++j)
      for (int64_t c = 0; c < C; ++c) u[c] += t[c + j];
    for (int64_t c = 0; c < C; ++c) Io<T>::store(op, c, Io<T>::load(gp, c) * s[c] - co.grad_coef * Io<T>::load(xp, c) * u[c]);
  }
}

// ---- NCHW: a channel's pixels are contiguous; work on blocks of pixels, vectorise across them.

constexpr int64_t kBlock = 128;

template <class T, bool Q>
LIVEDREAM_INLINE void forward_nchw(const T* x, T* y, int64_t C, int64_t hw, int64_t p0, int64_t p1, const LrnParams& params) {
  using A = typename Io<T>::Acc;
  const Coefficients<A> co(params);
  const int64_t W = co.size, B = kBlock;
  A* sq = scratch<A>(static_cast<size_t>((2 * C + W) * B));  // (C + W - 1) padded rows, then C rows of sums
  A* s = sq + (C + W) * B;
  std::fill(sq, sq + (C + W) * B, A(0));
  for (int64_t b0 = p0; b0 < p1; b0 += B) {
    const int64_t n = std::min(B, p1 - b0);
    for (int64_t c = 0; c < C; ++c) {
      const T* xr = x + c * hw + b0;
      A* row = sq + (co.lo + c) * B;
      for (int64_t i = 0; i < n; ++i) {
        const A v = Io<T>::load(xr, i);
        row[i] = v * v;
      }
    }
    for (int64_t c = 0; c < C; ++c) {
      A* sr = s + c * B;
      for (int64_t i = 0; i < n; ++i) sr[i] = sq[c * B + i];
      for (int64_t j = 1; j < W; ++j) {
        const A* row = sq + (c + j) * B;
        for (int64_t i = 0; i < n; ++i) sr[i] += row[i];
      }
      const T* xr = x + c * hw + b0;
      T* yr = y + c * hw + b0;
      for (int64_t i = 0; i < n; ++i) Io<T>::store(yr, i, Io<T>::load(xr, i) * pow_neg<A, Q>(co.k + co.alpha_n * sr[i], co.beta));
    }
  }
}

template <class T, bool Q>
LIVEDREAM_INLINE void backward_nchw(const T* x, const T* dy, T* dx, int64_t C, int64_t hw, int64_t p0, int64_t p1,
                                    const LrnParams& params) {
  using A = typename Io<T>::Acc;
  const Coefficients<A> co(params);
  const int64_t W = co.size, B = kBlock;
  A* sq = scratch<A>(static_cast<size_t>((3 * C + 2 * W) * B));
  A* t = sq + (C + W) * B;  // padded: hi rows before, lo after
  A* dp = t + (C + W) * B;  // d^-beta per channel row
  std::fill(sq, sq + 2 * (C + W) * B, A(0));
  for (int64_t b0 = p0; b0 < p1; b0 += B) {
    const int64_t n = std::min(B, p1 - b0);
    for (int64_t c = 0; c < C; ++c) {
      const T* xr = x + c * hw + b0;
      A* row = sq + (co.lo + c) * B;
      for (int64_t i = 0; i < n; ++i) {
        const A v = Io<T>::load(xr, i);
        row[i] = v * v;
      }
    }
    for (int64_t c = 0; c < C; ++c) {
      A* pr = dp + c * B;
      for (int64_t i = 0; i < n; ++i) pr[i] = sq[c * B + i];
      for (int64_t j = 1; j < W; ++j) {
        const A* row = sq + (c + j) * B;
        for (int64_t i = 0; i < n; ++i) pr[i] += row[i];
      }
      const T* xr = x + c * hw + b0;
      const T* gr = dy + c * hw + b0;
      A* tr = t + (co.hi + c) * B;
      for (int64_t i = 0; i < n; ++i) {
        const A d = co.k + co.alpha_n * pr[i];
        const A p = pow_neg<A, Q>(d, co.beta);
        pr[i] = p;
        tr[i] = Io<T>::load(gr, i) * Io<T>::load(xr, i) * p / d;
      }
    }
    // Reuse the squares' rows for the window sums of t.
    for (int64_t c = 0; c < C; ++c) {
      A* ur = sq + c * B;
      for (int64_t i = 0; i < n; ++i) ur[i] = t[c * B + i];
      for (int64_t j = 1; j < W; ++j) {
        const A* row = t + (c + j) * B;
        for (int64_t i = 0; i < n; ++i) ur[i] += row[i];
      }
      const T* xr = x + c * hw + b0;
      const T* gr = dy + c * hw + b0;
      T* orow = dx + c * hw + b0;
      const A* pr = dp + c * B;
      for (int64_t i = 0; i < n; ++i) Io<T>::store(orow, i, Io<T>::load(gr, i) * pr[i] - co.grad_coef * Io<T>::load(xr, i) * ur[i]);
    }
    // The squares' pad rows were overwritten by the sums above: zero them for the next block.
    std::fill(sq, sq + co.lo * B, A(0));
    std::fill(sq + (co.lo + C) * B, sq + (C + W) * B, A(0));
  }
}

bool three_quarters(const LrnParams& p) { return p.beta == 0.75; }

}  // namespace

#define LIVEDREAM_DISPATCH(call_q, call_g) \
  if (three_quarters(params)) {            \
    call_q;                                \
  } else {                                 \
    call_g;                                \
  }

LIVEDREAM_MULTIVERSION
void lrn_forward_nhwc(ElementType type, const void* x, void* y, int64_t channels, int64_t p0, int64_t p1, const LrnParams& params) {
  switch (type) {
    case ElementType::Float32: {
      auto* a = static_cast<const float*>(x);
      auto* b = static_cast<float*>(y);
      LIVEDREAM_DISPATCH((forward_nhwc<float, true>(a, b, channels, p0, p1, params)),
                         (forward_nhwc<float, false>(a, b, channels, p0, p1, params)));
      break;
    }
    case ElementType::Float64: {
      auto* a = static_cast<const double*>(x);
      auto* b = static_cast<double*>(y);
      LIVEDREAM_DISPATCH((forward_nhwc<double, true>(a, b, channels, p0, p1, params)),
                         (forward_nhwc<double, false>(a, b, channels, p0, p1, params)));
      break;
    }
    case ElementType::BFloat16: {
      auto* a = static_cast<const BFloat16*>(x);
      auto* b = static_cast<BFloat16*>(y);
      LIVEDREAM_DISPATCH((forward_nhwc<BFloat16, true>(a, b, channels, p0, p1, params)),
                         (forward_nhwc<BFloat16, false>(a, b, channels, p0, p1, params)));
      break;
    }
  }
}

LIVEDREAM_MULTIVERSION
void lrn_backward_nhwc(ElementType type, const void* x, const void* dy, void* dx, int64_t channels, int64_t p0, int64_t p1,
                       const LrnParams& params) {
  switch (type) {
    case ElementType::Float32: {
      auto* a = static_cast<const float*>(x);
      auto* g = static_cast<const float*>(dy);
      auto* o = static_cast<float*>(dx);
      LIVEDREAM_DISPATCH((backward_nhwc<float, true>(a, g, o, channels, p0, p1, params)),
                         (backward_nhwc<float, false>(a, g, o, channels, p0, p1, params)));
      break;
    }
    case ElementType::Float64: {
      auto* a = static_cast<const double*>(x);
      auto* g = static_cast<const double*>(dy);
      auto* o = static_cast<double*>(dx);
      LIVEDREAM_DISPATCH((backward_nhwc<double, true>(a, g, o, channels, p0, p1, params)),
                         (backward_nhwc<double, false>(a, g, o, channels, p0, p1, params)));
      break;
    }
    case ElementType::BFloat16: {
      auto* a = static_cast<const BFloat16*>(x);
      auto* g = static_cast<const BFloat16*>(dy);
      auto* o = static_cast<BFloat16*>(dx);
      LIVEDREAM_DISPATCH((backward_nhwc<BFloat16, true>(a, g, o, channels, p0, p1, params)),
                         (backward_nhwc<BFloat16, false>(a, g, o, channels, p0, p1, params)));
      break;
    }
  }
}

LIVEDREAM_MULTIVERSION
void lrn_forward_nchw(ElementType type, const void* x, void* y, int64_t channels, int64_t hw, int64_t p0, int64_t p1,
                      const LrnParams& params) {
  switch (type) {
    case ElementType::Float32: {
      auto* a = static_cast<const float*>(x);
      auto* b = static_cast<float*>(y);
      LIVEDREAM_DISPATCH((forward_nchw<float, true>(a, b, channels, hw, p0, p1, params)),
                         (forward_nchw<float, false>(a, b, channels, hw, p0, p1, params)));
      break;
    }
    case ElementType::Float64: {
      auto* a = static_cast<const double*>(x);
      auto* b = static_cast<double*>(y);
      LIVEDREAM_DISPATCH((forward_nchw<double, true>(a, b, channels, hw, p0, p1, params)),
                         (forward_nchw<double, false>(a, b, channels, hw, p0, p1, params)));
      break;
    }
    case ElementType::BFloat16: {
      auto* a = static_cast<const BFloat16*>(x);
      auto* b = static_cast<BFloat16*>(y);
      LIVEDREAM_DISPATCH((forward_nchw<BFloat16, true>(a, b, channels, hw, p0, p1, params)),
                         (forward_nchw<BFloat16, false>(a, b, channels, hw, p0, p1, params)));
      break;
    }
  }
}

LIVEDREAM_MULTIVERSION
void lrn_backward_nchw(ElementType type, const void* x, const void* dy, void* dx, int64_t channels, int64_t hw, int64_t p0, int64_t p1,
                       const LrnParams& params) {
  switch (type) {
    case ElementType::Float32: {
      auto* a = static_cast<const float*>(x);
      auto* g = static_cast<const float*>(dy);
      auto* o = static_cast<float*>(dx);
      LIVEDREAM_DISPATCH((backward_nchw<float, true>(a, g, o, channels, hw, p0, p1, params)),
                         (backward_nchw<float, false>(a, g, o, channels, hw, p0, p1, params)));
      break;
    }
    case ElementType::Float64: {
      auto* a = static_cast<const double*>(x);
      auto* g = static_cast<const double*>(dy);
      auto* o = static_cast<double*>(dx);
      LIVEDREAM_DISPATCH((backward_nchw<double, true>(a, g, o, channels, hw, p0, p1, params)),
                         (backward_nchw<double, false>(a, g, o, channels, hw, p0, p1, params)));
      break;
    }
    case ElementType::BFloat16: {
      auto* a = static_cast<const BFloat16*>(x);
      auto* g = static_cast<const BFloat16*>(dy);
      auto* o = static_cast<BFloat16*>(dx);
      LIVEDREAM_DISPATCH((backward_nchw<BFloat16, true>(a, g, o, channels, hw, p0, p1, params)),
                         (backward_nchw<BFloat16, false>(a, g, o, channels, hw, p0, p1, params)));
      break;
    }
  }
}

}  // namespace livedream::dream::kernels
