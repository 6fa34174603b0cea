#include "dream/ops/pool_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dream/ops/kernel_io.h"

namespace livedream::dream::kernels {
namespace {

using detail::BFloat16;
using detail::Io;

// Channels go in chunks of kChunk (a compile-time count, so the running maxima, argmaxes and
// sums of a chunk stay in vector registers); the last, partial chunk runs the same code with a
// run-time count.
constexpr int64_t kChunk = 32;

template <class T, int64_t N>
LIVEDREAM_INLINE void forward_chunk(const T* x, T* y, uint8_t* codes, const PoolShape& s, int64_t oh, int64_t ow, int64_t c0,
                                    int64_t n_runtime) {
  using A = typename Io<T>::Acc;
  const int64_t n = N > 0 ? N : n_runtime;
  A best[kChunk];
  uint8_t code[kChunk];
  const int64_t C = s.channels;
  const int64_t h0 = oh * s.stride_h - s.pad_h, h1 = std::min(h0 + s.kernel_h, s.in_h), hs = std::max<int64_t>(h0, 0);
  const int64_t w0 = ow * s.stride_w - s.pad_w, w1 = std::min(w0 + s.kernel_w, s.in_w), ws = std::max<int64_t>(w0, 0);
  // LibTorch's rule: start at -inf with the first valid position, take a value when it is
  // greater or NaN (so the first maximum wins and NaN propagates).
  const auto first = static_cast<uint8_t>((hs - h0) * s.kernel_w + (ws - w0));
  for (int64_t c = 0; c < n; ++c) {
    best[c] = -std::numeric_limits<A>::infinity();
    code[c] = first;
  }
  for (int64_t ih = hs; ih < h1; ++ih)
    for (int64_t iw = ws; iw < w1; ++iw) {
      const T* xp = x + (ih * s.in_w + iw) * C + c0;
      const auto here = static_cast<uint8_t>((ih - h0) * s.kernel_w + (iw - w0));
      for (int64_t c = 0; c < n; ++c) {
        const A v = Io<T>::load(xp, c);
        const bool take = v > best[c] || v != v;
        best[c] = take ? v : best[c];
        code[c] = take ? here : code[c];
      }
    }
  const int64_t out = (oh * s.out_w + ow) * C + c0;
  for (int64_t c = 0; c < n; ++c) Io<T>::store(y + out, c, best[c]);
  if (codes)
    for (int64_t c = 0; c < n; ++c) codes[out + c] = code[c];
}

template <class T>
LIVEDREAM_INLINE void forward(const T* x, T* y, uint8_t* codes, const PoolShape& s, int64_t row0, int64_t row1) {
  const int64_t C = s.channels, full = C - C % kChunk;
  for (int64_t oh = row0; oh < row1; ++oh)
    for (int64_t ow = 0; ow < s.out_w; ++ow) {
      for (int64_t c0 = 0; c0 < full; c0 += kChunk) forward_chunk<T, kChunk>(x, y, codes, s, oh, ow, c0, kChunk);
      if (full < C) forward_chunk<T, 0>(x, y, codes, s, oh, ow, full, C - full);
    }
}

// Output rows/cols whose window holds input position i: o with o*stride - pad <= i < o*stride - pad + kernel.
LIVEDREAM_INLINE void windows_of(int64_t i, int64_t kernel, int64_t stride, int64_t pad, int64_t out, int64_t& lo, int64_t& hi) {
  const int64_t num = i + pad - kernel + 1;
  lo = num <= 0 ? 0 : (num + stride - 1) / stride;
  hi = std::min(out - 1, (i + pad) / stride);
}

template <class T, int64_t N>
LIVEDREAM_INLINE void backward_chunk(const T* dy, const uint8_t* codes, T* dx, const PoolShape& s, int64_t ih, int64_t iw, int64_t oh_lo,
                                     int64_t oh_hi, int64_t ow_lo, int64_t ow_hi, int64_t c0, int64_t n_runtime) {
  using A = typename Io<T>::Acc;
  const int64_t n = N > 0 ? N : n_runtime;
  const int64_t C = s.channels;
  A acc[kChunk];
  for (int64_t c = 0; c < n; ++c) acc[c] = A(0);
  // Outputs in increasing order, as LibTorch's scatter adds them.
  for (int64_t oh = oh_lo; oh <= oh_hi; ++oh)
    for (int64_t ow = ow_lo; ow <= ow_hi; ++ow) {
      const auto expected = static_cast<uint8_t>((ih - (oh * s.stride_h - s.pad_h)) * s.kernel_w + (iw - (ow * s.stride_w - s.pad_w)));
      const int64_t out = (oh * s.out_w + ow) * C + c0;
      const T* g = dy + out;
      const uint8_t* cd = codes + out;
      for (int64_t c = 0; c < n; ++c) acc[c] += cd[c] == expected ? Io<T>::load(g, c) : A(0);
    }
  T* o = dx + (ih * s.in_w + iw) * C + c0;
  for (int64_t c = 0; c < n; ++c) Io<T>::store(o, c, acc[c]);
}

template <class T>
LIVEDREAM_INLINE void backward(const T* dy, const uint8_t* codes, T* dx, const PoolShape& s, int64_t row0, int64_t row1) {
  const int64_t C = s.channels, full = C - C % kChunk;
  for (int64_t ih = row0; ih < row1; ++ih) {
    int64_t oh_lo, oh_hi;
    windows_of(ih, s.kernel_h, s.stride_h, s.pad_h, s.out_h, oh_lo, oh_hi);
    for (int64_t iw = 0; iw < s.in_w; ++iw) {
      int64_t ow_lo, ow_hi;
      windows_of(iw, s.kernel_w, s.stride_w, s.pad_w, s.out_w, ow_lo, ow_hi);
      for (int64_t c0 = 0; c0 < full; c0 += kChunk)
        backward_chunk<T, kChunk>(dy, codes, dx, s, ih, iw, oh_lo, oh_hi, ow_lo, ow_hi, c0, kChunk);
      if (full < C) backward_chunk<T, 0>(dy, codes, dx, s, ih, iw, oh_lo, oh_hi, ow_lo, ow_hi, full, C - full);
    }
  }
}

}  // namespace

LIVEDREAM_MULTIVERSION
void max_pool_forward_nhwc(ElementType type, const void* x, void* y, uint8_t* codes, const PoolShape& shape, int64_t row0, int64_t row1) {
  switch (type) {
    case ElementType::Float32: forward(static_cast<const float*>(x), static_cast<float*>(y), codes, shape, row0, row1); break;
    case ElementType::Float64: forward(static_cast<const double*>(x), static_cast<double*>(y), codes, shape, row0, row1); break;
    case ElementType::BFloat16: forward(static_cast<const BFloat16*>(x), static_cast<BFloat16*>(y), codes, shape, row0, row1); break;
  }
}

LIVEDREAM_MULTIVERSION
void max_pool_backward_nhwc(ElementType type, const void* dy, const uint8_t* codes, void* dx, const PoolShape& shape, int64_t row0,
                            int64_t row1) {
  switch (type) {
    case ElementType::Float32: backward(static_cast<const float*>(dy), codes, static_cast<float*>(dx), shape, row0, row1); break;
    case ElementType::Float64: backward(static_cast<const double*>(dy), codes, static_cast<double*>(dx), shape, row0, row1); break;
    case ElementType::BFloat16: backward(static_cast<const BFloat16*>(dy), codes, static_cast<BFloat16*>(dx), shape, row0, row1); break;
  }
}

}  // namespace livedream::dream::kernels
