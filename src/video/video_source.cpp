// VideoSource::open: classify the input, check what can be checked without ffmpeg (the file, the
// camera device), probe the facts with ffprobe, then decode with one ffmpeg process on a pipe
// (restarted at a new position to seek).
#include "video/video_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/child_process.h"
#include "core/error.h"
#include "video/camera_list.h"
#include "video/ffprobe_facts.h"
#include "video/input_kind.h"
#include "video/pipe_decoder.h"

namespace livedream::video {
namespace {
namespace fs = std::filesystem;

// How long a live input may keep us waiting: to answer the probe, and between two frames.
constexpr double kNetworkTimeoutS = 15.0;
constexpr double kCameraTimeoutS = 10.0;
// Local files answer at once; the limit only guards against a FIFO or a hung disk.
constexpr double kFileProbeTimeoutS = 60.0;

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", s);
  return text;
}

std::string short_seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", s);
  return text;
}

std::string microseconds(double s) { return std::to_string(static_cast<long long>(s * 1e6)); }

std::string lower_prefix(const std::string& text, size_t n) {
  std::string out = text.substr(0, n);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ffmpeg's options before -i for a kind of input (not the start position).
std::vector<std::string> input_options(InputKind kind, const std::string& input) {
  switch (kind) {
    case InputKind::Camera: return {"-f", "v4l2"};
    case InputKind::Stream:
      // rtsp has its own socket timeout; every other protocol takes the generic I/O timeout.
      if (lower_prefix(input, 5) == "rtsp:" || lower_prefix(input, 6) == "rtsps:") return {"-timeout", microseconds(kNetworkTimeoutS)};
      return {"-rw_timeout", microseconds(kNetworkTimeoutS)};
    case InputKind::ImageSequence: return {"-f", "image2"};
    case InputKind::File:
    case InputKind::NotVideo: break;
  }
  return {};
}

std::string cameras_here() {
  const auto cameras = list_cameras();
  if (cameras.empty()) return "no camera is connected";
  std::string text = "cameras here: ";
  for (size_t i = 0; i < cameras.size(); ++i) {
    if (i) text += ", ";
    text += cameras[i].device;
    if (!cameras[i].name.empty()) text += " (" + cameras[i].name + ")";
  }
  return text;
}

// What can be said before ffmpeg runs, as the one-line errors users see most.
void check_exists(InputKind kind, const std::string& input, const std::string& device) {
  std::error_code ec;
  if (kind == InputKind::Camera && !fs::exists(device, ec))
    throw runtime_error("no camera " + device + (input == device ? "" : " (" + input + ")") + ": " + cameras_here(),
                        "plug one in or give another camera:N");
  if (kind == InputKind::File) {
    if (!fs::exists(input, ec)) throw runtime_error("cannot open video file " + input + ": no such file", "check the path");
    if (fs::is_directory(input, ec))
      throw runtime_error(input + " is a folder, not a video", "give a video file or a pattern like " + input + "/%06d.png");
  }
}

class FfmpegVideoSource : public VideoSource {
 public:
  FfmpegVideoSource(DecoderSpec spec, VideoInfo info, bool seekable, std::vector<std::string> base_args)
      : spec_(std::move(spec)), info_(std::move(info)), seekable_(seekable), base_args_(std::move(base_args)) {
    if (::pipe2(cancel_, O_CLOEXEC | O_NONBLOCK) != 0) cancel_[0] = cancel_[1] = -1;
  }
  ~FfmpegVideoSource() override {
    decoder_.reset();
    for (int fd : cancel_)
      if (fd >= 0) ::close(fd);
  }

  const VideoInfo& info() const override { return info_; }

  void start_at(double seconds) {
    decoder_.reset();  // the old ffmpeg is killed and reaped before the new one starts
    spec_.input_args = base_args_;
    first_index_ = 0;
    if (seconds > 0) {
      // -ss before -i seeks and then decodes exactly from there (accurate seek): the first frame
      // out is the first with a time >= seconds.
      spec_.input_args.push_back("-ss");
      spec_.input_args.push_back(seconds_text(seconds));
      first_index_ = static_cast<int64_t>(std::ceil(seconds * info_.fps - 1e-6));
    }
    spec_.expected_frames = info_.frame_count > 0 ? std::max<int64_t>(0, info_.frame_count - first_index_) : -1;
    decoder_ = std::make_unique<PipeDecoder>(spec_, cancel_[0]);
  }

  bool read(Image& frame) override { return decoder_->read(frame); }
  std::string warning() const override { return decoder_->warning(); }

  void seek(double seconds) override {
    if (!seekable_) throw usage_error("cannot seek in " + spec_.what, "seeking works in video files and image sequences");
    if (!(seconds >= 0)) seconds = 0;
    start_at(seconds);
  }

  int64_t position() const override { return first_index_ + decoder_->frames_read() - 1; }

  void interrupt() override {
    if (cancel_[1] >= 0) {
      const char byte = 1;
      [[maybe_unused]] const auto n = ::write(cancel_[1], &byte, 1);  // full pipe: already interrupted
    }
  }

 private:
  DecoderSpec spec_;
  VideoInfo info_;
  bool seekable_;
  std::vector<std::string> base_args_;
  std::unique_ptr<PipeDecoder> decoder_;
  int64_t first_index_ = 0;
  int cancel_[2] = {-1, -1};  // written by interrupt(): a self-pipe every read polls
};

}  // namespace

bool is_video_input(const std::string& input) { return classify_input(input) != InputKind::NotVideo; }

std::unique_ptr<VideoSource> VideoSource::open(const std::string& input, double start_s) {
  const InputKind kind = classify_input(input);
  if (kind == InputKind::NotVideo)
    throw usage_error(input + " is not a video", "give a video file, frames/%06d.png, an rtsp:// or http(s) video URL, or camera:N");
  const std::string device = camera_device(input);
  check_exists(kind, input, device);
  const bool live = is_live_kind(kind, input);
  if (live && start_s > 0)
    throw usage_error("cannot start " + input + " at " + short_seconds(start_s) + " s: it is live", "leave out --start");

  const std::string ffmpeg = find_ffmpeg(), ffprobe = find_ffprobe();
  if (ffmpeg.empty() || ffprobe.empty())
    throw runtime_error(
        "reading " + input + " needs ffmpeg and ffprobe, and " + std::string(ffmpeg.empty() ? "ffmpeg" : "ffprobe") + " is not on PATH",
        "install ffmpeg (apt-get install ffmpeg) or set LIVEDREAM_FFMPEG");

  const std::string target = kind == InputKind::Camera ? device : input;
  const auto base_args = input_options(kind, input);
  const double probe_timeout = kind == InputKind::Camera   ? kCameraTimeoutS
                               : kind == InputKind::Stream ? kNetworkTimeoutS
                                                           : kFileProbeTimeoutS;
  VideoInfo info = probe_input(ffprobe, input, kind, base_args, target, probe_timeout);
  info.name = input;
  info.live = live;
  if (live) info.frame_count = -1;
  if (!live && info.duration_s > 0 && start_s >= info.duration_s) {
    throw usage_error(
        input + " is " + short_seconds(info.duration_s) + " s long, so there is nothing from " + short_seconds(start_s) + " s on",
        "give a --start before the end");
  }

  DecoderSpec spec;
  spec.ffmpeg = ffmpeg;
  spec.name = input;
  spec.what = std::string(to_string(kind)) + " " + (kind == InputKind::Camera ? device : input);
  spec.input = target;
  spec.width = info.width;
  spec.height = info.height;
  if (!live) spec.frame_rate = info.frame_rate;  // files and patterns play at their rate
  spec.stall_timeout_s = kind == InputKind::Camera ? kCameraTimeoutS : kind == InputKind::Stream ? kNetworkTimeoutS : 0.0;
  auto source = std::make_unique<FfmpegVideoSource>(spec, info, !live, base_args);
  source->start_at(start_s);
  return source;
}

}  // namespace livedream::video
