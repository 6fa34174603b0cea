#include "capture/audio_mux.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "core/child_process.h"
#include "core/error.h"

namespace livedream::capture {
namespace fs = std::filesystem;

namespace {
std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", s);
  return text;
}
}  // namespace

namespace {
// Runs ffmpeg with `args` (ending in the output `joined`), then puts `joined` in place of `video`.
void run_and_replace(const std::string& ffmpeg, const std::vector<std::string>& args, const std::string& joined, const std::string& video,
                     const std::string& source) {
  const auto result = run_child(ffmpeg, args, /*timeout_s=*/0);
  std::error_code ec;
  if (!result.ok() || !result.error_line.empty()) {
    fs::remove(joined, ec);
    throw runtime_error("cannot add the sound of " + source + " to " + video + ": " +
                            (result.error_line.empty() ? ChildProcess::describe_status(result.status) : result.error_line),
                        "the video is kept without sound; add it later with ffmpeg -i VIDEO -i SOURCE -map 0:v -map 1:a -c:v copy");
  }
  fs::rename(joined, video, ec);
  if (ec) {
    fs::remove(joined, ec);
    throw runtime_error("cannot replace " + video + " with its version with sound: " + ec.message(),
                        "check the folder's permissions; the video is kept without sound");
  }
}
}  // namespace

void mux_source_audio(const std::string& ffmpeg, const std::string& video, const std::string& source, double start_s, double duration_s) {
  const std::string joined = video + ".audio.tmp.mp4";  // beside it: the rename stays on one file system
  const std::vector<std::string> args = {"-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", video, "-ss", seconds_text(start_s),
                                         "-t", seconds_text(duration_s), "-i", source, "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
                                         "-c:a", "aac", "-b:a", "192k",
                                         // Whole-file MP4 with the index in front: the render is complete, so it may play at once
                                         // from a web server.
                                         "-movflags", "+faststart", "-f", "mp4", joined};
  run_and_replace(ffmpeg, args, joined, video, source);
}

std::vector<AudioSpan> audio_spans(const std::vector<double>& source_times, double fps) {
  constexpr double kTolerance_s = 0.25;
  std::vector<AudioSpan> spans;
  if (source_times.empty() || !(fps > 0)) return spans;
  size_t first = 0;
  auto close = [&](size_t end) {  // frames [first, end)
    AudioSpan span;
    span.frames = static_cast<int64_t>(end - first);
    span.source_start_s = std::max(0.0, source_times[first]);
    // Still: the picture's time moved less than half the output's (a pause).
    const double moved = source_times[end - 1] - source_times[first];
    span.silent = source_times[first] < 0 || (end - first > 1 && moved < 0.5 * static_cast<double>(end - first - 1) / fps);
    if (!spans.empty() && spans.back().silent && span.silent) {
      spans.back().frames += span.frames;
    } else {
      spans.push_back(span);
    }
  };
  for (size_t k = 1; k < source_times.size(); ++k) {
    const double expected = source_times[first] + static_cast<double>(k - first) / fps;
    if (std::abs(source_times[k] - expected) > kTolerance_s) {
      close(k);
      first = k;
    }
  }
  close(source_times.size());
  return spans;
}

void mux_source_audio_spans(const std::string& ffmpeg, const std::string& video, const std::string& source,
                            const std::vector<AudioSpan>& spans, double fps) {
  if (spans.empty()) return;
  // Every piece in one format, so concat can join them: the source's own pieces trimmed out of
  // its track and re-timed from 0, silences made to measure.
  const std::string format = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";
  std::string graph, inputs;
  for (size_t i = 0; i < spans.size(); ++i) {
    const std::string length = seconds_text(static_cast<double>(spans[i].frames) / fps);
    const std::string label = "[a" + std::to_string(i) + "]";
    if (spans[i].silent)
      graph += "anullsrc=r=48000:cl=stereo:d=" + length + "," + format + label + ";";
    else
      graph += "[1:a:0]atrim=start=" + seconds_text(spans[i].source_start_s) + ":duration=" + length +
               ",asetpts=PTS-STARTPTS,apad=whole_dur=" + length + "," + format + label + ";";
    inputs += label;
  }
  graph += inputs + "concat=n=" + std::to_string(spans.size()) + ":v=0:a=1[sound]";
  const std::string joined = video + ".audio.tmp.mp4";
  const std::vector<std::string> args = {
      "-nostdin", "-hide_banner", "-loglevel",  "error", "-y",      "-i",   video,  "-i",   source, "-filter_complex",
      graph,      "-map",         "0:v:0",      "-map",  "[sound]", "-c:v", "copy", "-c:a", "aac",  "-b:a",
      "192k",     "-movflags",    "+faststart", "-f",    "mp4",     joined};
  run_and_replace(ffmpeg, args, joined, video, source);
}

}  // namespace livedream::capture
