#include "capture/png_sequence_encoder.h"

#include <filesystem>

#include "capture/capture_paths.h"
#include "core/error.h"
#include "core/png_keys.h"

namespace livedream::capture {
namespace fs = std::filesystem;

PngSequenceEncoder::PngSequenceEncoder(OutputSpec spec, int64_t first_number, std::map<std::string, std::string> text)
    : spec_(std::move(spec)), next_(first_number), text_(std::move(text)) {
  std::error_code ec;
  if (fs::exists(spec_.path, ec) && !fs::is_directory(spec_.path, ec))
    throw runtime_error("cannot write PNG frames into " + spec_.path + ": it is a file, not a folder",
                        "give a folder or a pattern like frames/%06d.png");
  if (!fs::exists(spec_.path, ec)) {
    fs::create_directory(spec_.path, ec);
    if (ec) throw runtime_error("cannot create folder " + spec_.path + ": " + ec.message(), "choose a writable folder");
  }
  check_writable_dir(spec_.path);
}

void PngSequenceEncoder::write(const Image& frame) {
  if (frame.empty()) return;
  auto text = text_;
  text[png_keys::kFrame] = std::to_string(next_);
  save_png(png_frame_path(spec_, next_), frame, text);  // throws a one-line Error on a write failure
  ++next_;
}

}  // namespace livedream::capture
