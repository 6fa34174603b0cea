// libFuzzer target: presets (params_from_json_text + validate) and layer specs (parse_layers).
// Built by scripts/fuzz (clang, -DLIVEDREAM_FUZZ=ON); the corpus in corpus/preset is replayed by
// CTest (fuzz_replay_tests).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  livedream::fuzz::preset_entry(data, size);
  return 0;
}
