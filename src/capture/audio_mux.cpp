#include "capture/audio_mux.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "capture/child_process.h"
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

void mux_source_audio(const std::string& ffmpeg, const std::string& video, const std::string& source, double start_s,
                      double duration_s) {
  const std::string joined = video + ".audio.tmp.mp4";  // beside it: the rename stays on one file system
  const std::vector<std::string> args = {
      "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", video,
      "-ss", seconds_text(start_s), "-t", seconds_text(duration_s), "-i", source,
      "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", "192k",
      // Whole-file MP4 with the index in front: the render is complete, so it may play at once
      // from a web server.
      "-movflags", "+faststart", "-f", "mp4", joined};
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

}  // namespace livedream::capture
