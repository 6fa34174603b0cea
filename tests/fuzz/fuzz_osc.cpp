// libFuzzer target: OSC messages (osc::parse_message + osc::apply_to_params), the part of the
// viewer's OSC port that sees what a sender wrote. Built by scripts/fuzz (clang,
// -DLIVEDREAM_FUZZ=ON); the corpus in corpus/osc is replayed by CTest (fuzz_replay_tests).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  livedream::fuzz::osc_entry(data, size);
  return 0;
}
