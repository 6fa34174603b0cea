// The facts of a moving-picture input (size, frame rate, frame count, duration, audio) from the
// ffprobe program, run with a time limit so an unreachable stream or a silent camera cannot hang
// the caller. Failures become one line naming the input, the problem and the fix.
#pragma once
#include <string>
#include <vector>

#include "video/input_kind.h"
#include "video/video_source.h"

namespace livedream::video {

// Runs `ffprobe input_args... -i input` (the ffprobe of core's find_ffprobe). Throws
// livedream::Error (runtime: what the input names cannot be used) for a missing file, a file that
// is not a video, a stream that does not answer within `timeout_s`, a busy camera.
VideoInfo probe_input(const std::string& ffprobe, const std::string& name, InputKind kind, const std::vector<std::string>& input_args,
                      const std::string& input, double timeout_s);

// ffprobe's JSON (-show_streams -show_format subset) to the facts; `name` for messages. Throws
// livedream::Error (runtime) when there is no video stream. Separate for tests.
VideoInfo parse_probe_json(const std::string& json, const std::string& name);

// ffprobe's or ffmpeg's first error line about `name` as the one-line problem ("no such file",
// "not a video ffmpeg can read", "connection refused", ...), without ffmpeg's "[demuxer @ 0x..]".
std::string explain_ffmpeg_error(const std::string& line);

}  // namespace livedream::video
