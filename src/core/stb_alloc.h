// The allocator stb_image uses in livedream (src/core/stb_impl.c): zero-filled, and with a cap on
// the size of any single allocation that decode_image sets from the image's header, so that a
// small file cannot make stb allocate gigabytes (a PNG whose compressed data inflates far beyond
// what its width and height need: stb_image grows its buffer for it without a limit).
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// For the calling thread; 0 removes the cap. Clears the "exceeded" flag.
void livedream_stbi_set_allocation_cap(size_t bytes);
// Whether an allocation was refused since the cap was last set.
int livedream_stbi_cap_exceeded(void);

#ifdef __cplusplus
}
#endif
