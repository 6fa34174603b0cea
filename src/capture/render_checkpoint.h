// Where a headless render stands, carried in the PNGs it writes, so a long render can continue
// after an interruption: the frame number and the render settings. Every frame of a PNG sequence
// carries it; an MP4/GIF render keeps its last frame as "<out>.resume.png" next to the video.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace livedream::capture {


struct RenderCheckpoint {
  int64_t frame = 0;   // the number of the frame this PNG holds
  int64_t frames = 0;  // the render's total length
  int fps = 30;
  int steps_per_frame = 1;
  std::string input;   // what the render started from
  std::string out;     // the --out it was writing
  // A video input: the index of the source frame that became frame 0 (frame N is source frame
  // source_first + N), so a resumed render reads on from the next source frame.
  int64_t source_first = 0;
};

// The settings as JSON for the png_keys::kRender chunk (the frame number goes in png_keys::kFrame: the
// PNG sequence encoder writes that one per file).
std::string to_text(const RenderCheckpoint& checkpoint);
// Reads both chunks from a PNG. Throws livedream::Error (usage) naming the file when it is not a
// livedream render frame.
RenderCheckpoint read_render_checkpoint(const std::string& png_path);
RenderCheckpoint render_checkpoint_from_text(const std::string& settings, const std::string& frame,
                                             const std::string& source_name);

// "<out>.resume.png": the MP4/GIF render's resume frame.
std::string resume_frame_path(const std::string& out);

}  // namespace livedream::capture
