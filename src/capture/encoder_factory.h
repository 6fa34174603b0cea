// Opens the encoder an OutputSpec asks for, checking the folder first (setup errors are thrown
// here, before any frame is made) and falling back to a PNG sequence when ffmpeg is missing.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "capture/output_format.h"
#include "capture/video_encoder.h"

namespace livedream::capture {

struct EncoderRequest {
  OutputSpec spec;
  int fps = 30;
  std::string frame_rate;                       // MP4/GIF: the exact rate ("30000/1001"); empty: fps
  int64_t first_number = 0;                     // PNG sequence: the first file's number
  std::map<std::string, std::string> png_text;  // PNG sequence: text chunks for every frame
  std::string mp4_comment;                      // MP4: the file's comment tag (e.g. a session timeline); empty: none
};

struct OpenedEncoder {
  std::unique_ptr<VideoEncoder> encoder;
  OutputSpec spec;     // what is really written (the PNG fallback when ffmpeg is missing)
  std::string notice;  // one line to show the user when the request was changed; else empty
};

// Throws livedream::Error (runtime) when the output folder is missing or not writable.
OpenedEncoder open_encoder(const EncoderRequest& request);

// The same folder checks without opening anything, for callers that have slow work (loading a
// model) between choosing the output and writing to it. Creates nothing.
void check_output(const OutputSpec& spec);

}  // namespace livedream::capture
