// A recording as numbered PNG files: the fallback when ffmpeg is missing, and the choice for
// frames that are to be edited or encoded later. Every file is written atomically (temporary file,
// then rename), so an interruption never leaves a broken frame, and each carries the given text
// chunks plus its own frame number ("livedream-frame"), so a render can resume from any of them.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "capture/output_format.h"
#include "capture/video_encoder.h"

namespace livedream::capture {

class PngSequenceEncoder : public VideoEncoder {
 public:
  // Creates the folder spec.path when missing (its parent must exist). Throws livedream::Error
  // (runtime) when the folder cannot be created or written.
  PngSequenceEncoder(OutputSpec spec, int64_t first_number, std::map<std::string, std::string> text = {});

  void write(const Image& frame) override;
  void finish() override {}
  std::string target() const override { return png_sequence_glob(spec_); }
  int64_t next_number() const { return next_; }

 private:
  OutputSpec spec_;
  int64_t next_;
  std::map<std::string, std::string> text_;
};

}  // namespace livedream::capture
