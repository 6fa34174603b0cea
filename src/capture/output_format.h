// What `--out` (or a recording's file name) asks for: the extension picks MP4 or GIF, and a folder
// or a printf-style pattern picks a PNG sequence. Parsing is separate from encoding so the CLI can
// reject a bad --out before it loads a model.
#pragma once
#include <cstdint>
#include <string>

namespace livedream::capture {

enum class OutputFormat { Mp4, Gif, PngSequence };

struct OutputSpec {
  OutputFormat format = OutputFormat::Mp4;
  std::string path;         // MP4/GIF: the file. PNG sequence: the folder (created if missing).
  std::string png_pattern;  // PNG sequence: the file name inside the folder, with one %d / %0Nd
};

inline constexpr const char* kDefaultPngPattern = "frame-%06d.png";

// "x.mp4" -> MP4, "x.gif" -> GIF, "dir/" or an existing folder or a name without extension ->
// PNG sequence "dir/frame-%06d.png", "dir/shot-%04d.png" -> PNG sequence with that pattern.
// Throws livedream::Error (usage) for anything else, naming what is accepted.
OutputSpec parse_output(const std::string& out);

// The PNG sequence that replaces an MP4/GIF when ffmpeg is missing: "dream.mp4" -> "dream-frames/".
OutputSpec png_fallback_for(const OutputSpec& spec);

// Path of frame `index` of a PNG sequence (the pattern is validated by parse_output).
std::string png_frame_path(const OutputSpec& spec, int64_t index);

// The same pattern as ffmpeg's image2 demuxer reads it ("dir/frame-%06d.png"), for messages.
std::string png_sequence_glob(const OutputSpec& spec);

const char* to_string(OutputFormat format);  // "MP4" | "GIF" | "PNG sequence"
// What a file of the format ends with: ".mp4", ".gif", or "/" for a PNG sequence (a folder).
const char* file_extension(OutputFormat format);

}  // namespace livedream::capture
