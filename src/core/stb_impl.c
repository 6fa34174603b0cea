/* The single translation unit that compiles the stb implementations used by livedream. */
#include <stdlib.h>

#include "core/stb_alloc.h"

/* stb_image allocates through these (see stb_alloc.h): zero-filled memory, so that nothing of the
   heap can leak into pixels, and a per-thread cap on any one allocation. */
static _Thread_local size_t livedream_cap = 0;
static _Thread_local int livedream_exceeded = 0;

void livedream_stbi_set_allocation_cap(size_t bytes) {
  livedream_cap = bytes;
  livedream_exceeded = 0;
}
int livedream_stbi_cap_exceeded(void) { return livedream_exceeded; }

static int livedream_over_cap(size_t bytes) {
  if (livedream_cap == 0 || bytes <= livedream_cap) return 0;
  livedream_exceeded = 1;
  return 1;
}
static void* livedream_stbi_malloc(size_t bytes) { return livedream_over_cap(bytes) ? NULL : calloc(1, bytes); }
static void* livedream_stbi_realloc(void* p, size_t bytes) { return livedream_over_cap(bytes) ? NULL : realloc(p, bytes); }

#define STBI_MALLOC(sz) livedream_stbi_malloc(sz)
#define STBI_REALLOC(p, newsz) livedream_stbi_realloc(p, newsz)
#define STBI_FREE(p) free(p)

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb_image.h>
#include <stb_image_write.h>
#include <stb_image_resize.h>
