#include "capture/encoder_factory.h"

#include <cstdlib>
#include <filesystem>

#include "capture/capture_paths.h"
#include "capture/ffmpeg_encoder.h"
#include "capture/ffmpeg_process.h"
#include "capture/gif_encoder.h"
#include "capture/png_sequence_encoder.h"
#include "core/error.h"

namespace livedream::capture {
namespace fs = std::filesystem;

namespace {
void check_output_folder(const std::string& file) {
  const fs::path parent = fs::path(file).has_parent_path() ? fs::path(file).parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw runtime_error("output folder does not exist: " + parent.string(), "create it or choose another --out");
  check_writable_dir(parent.string());
}

std::string missing_ffmpeg_notice(const OutputSpec& wanted, const OutputSpec& png, int fps) {
  const char* env = std::getenv("LIVEDREAM_FFMPEG");
  const std::string where = env && *env ? std::string("at LIVEDREAM_FFMPEG=") + env : std::string("in PATH");
  return "ffmpeg not found " + where + ", so frames go to " + png.path + "/ as PNGs instead of " + wanted.path + " (install ffmpeg for " +
         to_string(wanted.format) + ", or encode them later: ffmpeg -framerate " + std::to_string(fps) + " -i '" + png_sequence_glob(png) +
         "' -pix_fmt yuv420p " + wanted.path + ")";
}
}  // namespace

void check_output(const OutputSpec& spec) {
  std::error_code ec;
  if (spec.format == OutputFormat::PngSequence && fs::is_directory(spec.path, ec)) {
    check_writable_dir(spec.path);
    return;
  }
  // A video file, or a PNG folder still to be created: its parent must exist and take new files.
  check_output_folder(spec.path);
}

OpenedEncoder open_encoder(const EncoderRequest& request) {
  OpenedEncoder opened;
  opened.spec = request.spec;
  std::string ffmpeg;
  if (request.spec.format != OutputFormat::PngSequence) {
    ffmpeg = find_ffmpeg();
    if (ffmpeg.empty()) {
      opened.spec = png_fallback_for(request.spec);
      opened.notice = missing_ffmpeg_notice(request.spec, opened.spec, request.fps);
    }
  }
  switch (opened.spec.format) {
    case OutputFormat::PngSequence:
      // The encoder creates the folder (not its parents) and checks that it can write there.
      opened.encoder = std::make_unique<PngSequenceEncoder>(opened.spec, request.first_number, request.png_text);
      break;
    case OutputFormat::Mp4:
      check_output_folder(opened.spec.path);
      opened.encoder = make_mp4_encoder(ffmpeg, opened.spec.path, request.fps, request.frame_rate, request.mp4_comment);
      break;
    case OutputFormat::Gif:
      check_output_folder(opened.spec.path);
      opened.encoder = make_gif_encoder(ffmpeg, opened.spec.path, request.fps, request.frame_rate);
      break;
  }
  return opened;
}

}  // namespace livedream::capture
