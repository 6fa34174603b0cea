// Where a headless render stands, carried in the PNGs it writes, so a long render can continue
// after an interruption: the frame number and the render settings. Every frame of a PNG sequence
// carries it; an MP4/GIF render keeps its last frame as "<out>.resume.png" next to the video.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "core/rgba_frame.h"

#include "capture/output_format.h"

namespace livedream::capture {

struct RenderCheckpoint {
  int64_t frame = 0;   // the number of the frame this PNG holds
  int64_t frames = 0;  // the render's total length
  int fps = 30;
  int steps_per_frame = 1;
  std::string input;  // what the render started from
  std::string out;    // the --out it was writing
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
RenderCheckpoint render_checkpoint_from_text(const std::string& settings, const std::string& frame, const std::string& source_name);

// "<out>.resume.png": the MP4/GIF render's resume frame.
std::string resume_frame_path(const std::string& out);

// An MP4/GIF render keeps its newest frame as "<out>.resume.png" (with the render's PNG text and
// the frame number), so an interrupted render can continue from it. A PNG sequence needs none:
// every frame is one. A failed save is a warning on stderr, never the end of the render.
class ResumeFrameWriter {
 public:
  ResumeFrameWriter(const OutputSpec& spec, std::map<std::string, std::string> png_text);
  void save(const RgbaFrame& frame, int64_t number) const;
  const std::string& path() const { return path_; }  // empty for a PNG sequence

 private:
  std::string path_;  // empty for a PNG sequence
  std::map<std::string, std::string> png_text_;
};

// "renders/dream.mp4" resumed at frame 300 -> "renders/dream-from-000300.mp4".
std::string part_name(const std::string& out, int64_t start);

// Where a render writes, for zoom and video renders alike: `out` when given; when resuming without
// it, beside the frame resumed from (its render may have been started from another folder): the
// same PNG pattern there, or a new part of the video. Throws livedream::Error (usage) when there is
// neither --out nor a render to resume, or when resuming would overwrite a video part.
struct RenderOutput {
  std::string out;
  OutputSpec spec;
};
RenderOutput choose_render_output(const std::string& out, const RenderCheckpoint* resumed, const std::string& resume_from,
                                  int64_t start_frame);

}  // namespace livedream::capture
