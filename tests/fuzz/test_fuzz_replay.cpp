// Replays the fuzz corpora (tests/fuzz/corpus/<target>/*) through the same entry points the
// libFuzzer targets use, compiled with the normal compiler: every input that ever crashed a
// fuzzer, and the seeds, must be handled (decoded or refused with a one-line error) here too.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_entries.h"
#include "support/catch.h"
#include "support/test_env.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpus_files(const std::string& target) {
  const fs::path dir = fs::path(livedream::test::source_dir()) / "tests/fuzz/corpus" / target;
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<uint8_t> read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <typename Entry>
void replay(const std::string& target, Entry entry, size_t min_files) {
  const auto files = corpus_files(target);
  INFO("corpus tests/fuzz/corpus/" << target);
  REQUIRE(files.size() >= min_files);
  int accepted = 0, refused = 0;
  for (const auto& file : files) {
    INFO(file.filename().string());
    const auto bytes = read_all(file);
    // An invariant failure aborts the process (the fuzzers need that); Catch2 then reports the
    // crash with the file name above. Anything else escaping fails here.
    livedream::fuzz::Outcome outcome;
    REQUIRE_NOTHROW(outcome = entry(bytes.data(), bytes.size()));
    CHECK(outcome.accepted + outcome.refused >= 1);  // each input was taken or refused in one line
    accepted += outcome.accepted;
    refused += outcome.refused;
  }
  // The corpus reaches both sides: an entry that refused everything (or took everything) would
  // check nothing of the other.
  CHECK(accepted > 0);
  CHECK(refused > 0);
}

}  // namespace

TEST_CASE("fuzz corpus replay: image loader") { replay("image", livedream::fuzz::image_entry, 10); }

TEST_CASE("fuzz corpus replay: presets and layer specs") { replay("preset", livedream::fuzz::preset_entry, 10); }

TEST_CASE("fuzz corpus replay: OSC messages") { replay("osc", livedream::fuzz::osc_entry, 10); }

TEST_CASE("fuzz entries refuse the empty input in one line, without a crash") {
  CHECK(livedream::fuzz::image_entry(nullptr, 0).refused >= 1);
  CHECK(livedream::fuzz::image_entry(nullptr, 0).accepted == 0);
  CHECK(livedream::fuzz::preset_entry(nullptr, 0).refused == 2);  // not JSON, not a layer spec
  CHECK(livedream::fuzz::osc_entry(nullptr, 0).refused == 1);     // no address
}
