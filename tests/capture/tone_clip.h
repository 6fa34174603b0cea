// A clip with a 440 Hz tone, and what a file's sound decodes to, for the tests of a stream's sound.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace livedream::test {

// `seconds` of a 440 Hz tone in `dir`, as tone.m4a, or with a 160x120 test picture as tone.mp4.
std::string tone_clip(const std::string& dir, double seconds, bool with_picture);
// A file's sound as ffmpeg decodes it: mono 16-bit at 48 kHz (empty when it has none).
std::vector<int16_t> decoded_sound(const std::string& path);
// A tone's frequency from its zero crossings (Hz), over `n` samples `stride` apart at `rate`.
double tone_hz(const int16_t* samples, size_t n, int rate, int stride = 1);
double rms(const int16_t* samples, size_t n);

}  // namespace livedream::test
