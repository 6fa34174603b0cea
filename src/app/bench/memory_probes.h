// How much memory the process and the GPU hold: the numbers the bench reports as peak memory and
// the memory check watches for leaks. Linux: /proc/self/status, mallinfo2; CUDA: LibTorch's
// caching allocator.
#pragma once
#include <torch/types.h>

namespace livedream::app::bench {

// A field of /proc/self/status in MiB (VmRSS, VmHWM), or -1.
double status_mib(const char* field);

// Starts a new RSS high-water mark (Linux: writing 5 to clear_refs resets VmHWM). False where
// the kernel refuses: the mark then covers the whole process so far.
bool reset_peak_rss();
// The RSS high-water mark in MiB (VmHWM, else getrusage's ru_maxrss).
double peak_rss_mib();

// The heap in use in MiB (mallinfo2: allocated chunks and mmapped blocks).
double heap_in_use_mib();
// Gives free()d heap memory back to the system, so that RSS shows what is really held.
void release_free_heap();

// The CUDA caching allocator's peak allocation on `device`: reset, and read in MiB (-1 when
// `device` is not CUDA or the program is built without CUDA).
void reset_cuda_peak(const torch::Device& device);
double cuda_peak_mib(const torch::Device& device);

}  // namespace livedream::app::bench
