// The fuzz entry points, shared by the libFuzzer targets (fuzz_image.cpp, fuzz_preset.cpp, built
// with clang and -DLIVEDREAM_FUZZ=ON by scripts/fuzz) and by the corpus replay test
// (test_fuzz_replay.cpp, built with the normal compiler and run by CTest).
//
// Each entry feeds arbitrary bytes to a parser. A livedream::Error (a one-line message for the
// user) is the expected way to reject bad input; anything else escaping, a crash, a sanitizer
// report or a broken invariant (checked with fuzz_check, which aborts) is a bug.
#pragma once
#include <cstddef>
#include <cstdint>

namespace livedream::fuzz {

// What an entry did with its input: how many of its parsers took it and how many refused it with
// a one-line error (the replay test checks every input was one or the other, and that a corpus
// has inputs of both kinds: an entry that refused everything would pass nothing).
struct Outcome {
  int accepted = 0, refused = 0;
};

// livedream::decode_image on the bytes; a decoded image must be non-empty, within the size
// limits, and survive a PNG round trip. Also png_read_text on the same bytes.
Outcome image_entry(const uint8_t* data, size_t size);

// params_from_json_text (+ validate) on the bytes as a preset; the bytes also go to parse_layers
// as a layer spec. Parameters that pass validation must survive to_json/params_from_json and
// format_layers/parse_layers unchanged.
Outcome preset_entry(const uint8_t* data, size_t size);

// osc::parse_message on a message made from the bytes, then osc::apply_to_params for parameter
// changes. The bytes are: the address, a 0 byte, the type tags (without ','), a 0 byte, then each
// argument as its tag says: f i 4 bytes, d h 8 bytes (host order), s S up to a 0 byte; arguments
// the bytes run out for are zero or empty. A command that parses must be well formed, and
// parameters it applies to must still validate.
Outcome osc_entry(const uint8_t* data, size_t size);

}  // namespace livedream::fuzz
