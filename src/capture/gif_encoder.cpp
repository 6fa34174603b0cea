#include "capture/gif_encoder.h"

#include "capture/ffmpeg_encoder.h"

namespace livedream::capture {

std::unique_ptr<VideoEncoder> make_gif_encoder(const std::string& ffmpeg, const std::string& path, int fps, const std::string& rate) {
  std::vector<std::string> args = {// Ordered (Bayer) dithering: a stable pattern, so still regions do not shimmer between frames.
                                   "-filter_complex",
                                   "[0:v]split[a][b];[a]palettegen=stats_mode=single[p];[b][p]paletteuse=new=1:dither=bayer:bayer_scale=3",
                                   "-loop",
                                   "0",
                                   "-f",
                                   "gif",
                                   path};
  return std::make_unique<FfmpegEncoder>(ffmpeg, path, fps, std::move(args), /*even_sides=*/false, rate);
}

}  // namespace livedream::capture
