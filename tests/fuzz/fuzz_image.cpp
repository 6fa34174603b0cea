// libFuzzer target: livedream::decode_image (stb_image behind our size limits) and PNG text chunks.
// Built by scripts/fuzz (clang, -DLIVEDREAM_FUZZ=ON); the corpus in corpus/image is replayed by
// CTest (fuzz_replay_tests).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  livedream::fuzz::image_entry(data, size);
  return 0;
}
