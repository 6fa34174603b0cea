#include "capture/tone_clip.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/child_process.h"
#include "core/error.h"

namespace livedream::test {

std::string tone_clip(const std::string& dir, double seconds, bool with_picture) {
  const std::string path = dir + (with_picture ? "/tone.mp4" : "/tone.m4a");
  std::vector<std::string> args = {"-hide_banner", "-loglevel", "error", "-y"};
  if (with_picture) args.insert(args.end(), {"-f", "lavfi", "-i", "testsrc=size=160x120:rate=25"});
  args.insert(args.end(), {"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", std::to_string(seconds), "-c:a", "aac"});
  if (with_picture) args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv420p"});
  args.push_back(path);
  const auto made = run_child(find_ffmpeg(), args, 60);
  if (!made.ok()) throw runtime_error("cannot make the test clip " + path + ": " + made.error_line, "check ffmpeg");
  return path;
}

std::vector<int16_t> decoded_sound(const std::string& path) {
  const auto decoded = run_child(
      find_ffmpeg(), {"-hide_banner", "-loglevel", "error", "-i", path, "-vn", "-ac", "1", "-ar", "48000", "-f", "s16le", "pipe:1"}, 60);
  if (!decoded.ok()) return {};
  std::vector<int16_t> samples(decoded.out.size() / 2);
  std::memcpy(samples.data(), decoded.out.data(), samples.size() * 2);
  return samples;
}

double tone_hz(const int16_t* samples, size_t n, int rate, int stride) {
  int crossings = 0;
  for (size_t i = 1; i < n; ++i) crossings += (samples[(i - 1) * stride] < 0) != (samples[i * stride] < 0);
  return crossings / 2.0 * rate / static_cast<double>(n);
}

double rms(const int16_t* samples, size_t n) {
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<double>(samples[i]) * samples[i];
  return std::sqrt(sum / static_cast<double>(std::max<size_t>(n, 1)));
}

}  // namespace livedream::test
