// Shared by the CPU kernels (lrn_kernels.cpp, pool_kernels.cpp): element access for float32,
// float64 and bfloat16 (computing in float32 for bfloat16), per-thread scratch, and the function
// multi-versioning attribute. No Torch headers: these files are compiled for several instruction
// sets and must not carry Torch's inline functions with them.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

// Each entry point is compiled for AVX-512 (x86-64-v4), AVX2 (x86-64-v3) and the baseline, and
// the loader picks the best the CPU has (GCC/Clang function multi-versioning through ifunc).
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__SANITIZE_ADDRESS__)
#define LIVEDREAM_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LIVEDREAM_MULTIVERSION
#endif
#define LIVEDREAM_INLINE [[gnu::always_inline]] inline

namespace livedream::dream::kernels::detail {

struct BFloat16 {
  uint16_t bits;
};

template <class T>
struct Io;
template <>
struct Io<float> {
  using Acc = float;
  static Acc load(const float* p, int64_t i) { return p[i]; }
  static void store(float* p, int64_t i, Acc v) { p[i] = v; }
};
template <>
struct Io<double> {
  using Acc = double;
  static Acc load(const double* p, int64_t i) { return p[i]; }
  static void store(double* p, int64_t i, Acc v) { p[i] = v; }
};
template <>
struct Io<BFloat16> {
  using Acc = float;
  static Acc load(const BFloat16* p, int64_t i) { return std::bit_cast<float>(static_cast<uint32_t>(p[i].bits) << 16); }
  static void store(BFloat16* p, int64_t i, Acc v) {
    // Round to nearest even, as c10::BFloat16 does; NaN stays NaN.
    const uint32_t u = std::bit_cast<uint32_t>(v);
    const uint32_t rounded = (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
    p[i].bits = std::isnan(v) ? uint16_t{0x7FC0} : static_cast<uint16_t>(rounded);
  }
};

// Per-thread scratch, reused across calls (no allocation per step once warm).
template <class A>
A* scratch(size_t count) {
  thread_local std::vector<A> buffer;
  if (buffer.size() < count) buffer.resize(count);
  return buffer.data();
}

}  // namespace livedream::dream::kernels::detail
