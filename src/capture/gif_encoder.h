// Animated GIFs through ffmpeg. Each frame gets its own 256-colour palette (palettegen in
// single-frame mode + paletteuse new=1): the frames stream straight to the file instead of being
// held in memory until a global palette is known, so long recordings and interruptions are safe.
#pragma once
#include <memory>
#include <string>

#include "capture/video_encoder.h"

namespace livedream::capture {

// `rate`: the exact frame rate ("30000/1001"); empty: fps.
std::unique_ptr<VideoEncoder> make_gif_encoder(const std::string& ffmpeg, const std::string& path, int fps, const std::string& rate = {});

}  // namespace livedream::capture
