#include "capture/ffmpeg_encoder.h"

#include "capture/even_dimensions.h"
#include "core/error.h"
#include "core/image_resize.h"

namespace livedream::capture {

FfmpegEncoder::FfmpegEncoder(std::string ffmpeg, std::string path, int fps, std::vector<std::string> output_args, bool even_sides,
                             std::string rate)
    : ffmpeg_(std::move(ffmpeg)),
      path_(std::move(path)),
      rate_(rate.empty() ? std::to_string(fps) : std::move(rate)),
      output_args_(std::move(output_args)),
      even_sides_(even_sides) {}

FfmpegEncoder::~FfmpegEncoder() {
  try {
    finish();
  } catch (...) {
    // Destruction after an error the owner already reported; the file keeps what was written.
  }
}

void FfmpegEncoder::write(const Image& frame) {
  if (finished_) throw runtime_error("the recording of " + path_ + " has already ended", "start a new recording");
  if (frame.empty()) return;
  if (!process_) {
    width_ = even_sides_ ? round_up_to_even(frame.width) : frame.width;
    height_ = even_sides_ ? round_up_to_even(frame.height) : frame.height;
    std::vector<std::string> args = raw_rgb_input_args(width_, height_, rate_);
    args.insert(args.end(), output_args_.begin(), output_args_.end());
    process_ = std::make_unique<FfmpegProcess>(ffmpeg_, args, path_);
  }
  const Image* out = &frame;
  Image adjusted;
  if (frame.width != width_ || frame.height != height_) {
    adjusted = even_sides_ && round_up_to_even(frame.width) == width_ && round_up_to_even(frame.height) == height_
                   ? pad_to_even(frame)
                   : resize_image(frame, width_, height_);
    out = &adjusted;
  }
  process_->write(out->rgb.data(), out->rgb.size());
}

void FfmpegEncoder::finish() {
  if (finished_) return;
  finished_ = true;
  if (process_) process_->close();
}

std::unique_ptr<VideoEncoder> make_mp4_encoder(const std::string& ffmpeg, const std::string& path, int fps, const std::string& rate,
                                               const std::string& comment) {
  const std::string gop = std::to_string(fps);
  std::vector<std::string> args = {
      // swscale would convert with BT.601 and leave the file untagged; players assume BT.709 for
      // HD, so convert with BT.709 and say so in the stream.
      "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p", "-c:v", "libx264", "-preset", "fast", "-crf", "18", "-pix_fmt",
      "yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
      // A keyframe every second starts a new fragment: at most a second is lost if ffmpeg is killed.
      "-g", gop, "-keyint_min", gop, "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", path};
  // The comment goes in the file's header (written first: the file is fragmented), before the path.
  if (!comment.empty()) args.insert(args.end() - 3, {"-metadata", "comment=" + comment});
  return std::make_unique<FfmpegEncoder>(ffmpeg, path, fps, std::move(args), /*even_sides=*/true, rate);
}

}  // namespace livedream::capture
