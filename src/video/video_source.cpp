// PLACEHOLDER until the video-input branch lands.
#include "video/video_source.h"

#include "core/error.h"

namespace livedream::video {

bool is_video_input(const std::string& /*input*/) { return false; }

std::unique_ptr<VideoSource> VideoSource::open(const std::string& input, double /*start_s*/) {
  throw runtime_error("cannot open video " + input + ": video input is not built yet", "use a still image");
}

}  // namespace livedream::video
