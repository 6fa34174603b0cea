#include "capture/stream_sink.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "capture/even_dimensions.h"
#include "core/child_process.h"
#include "core/error.h"

namespace livedream::capture {

namespace {

constexpr int kEncoderNice = 10;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<std::string> stream_container(const std::string& url) {
  const std::string u = lower(url);
  if (starts_with(u, "udp://") || starts_with(u, "srt://")) return "mpegts";
  if (starts_with(u, "rtmp://") || starts_with(u, "rtmps://")) return "flv";
  if (starts_with(u, "rtsp://")) return "rtsp";
  if (u.find("://") != std::string::npos && !starts_with(u, "file://")) return std::nullopt;
  if (ends_with(u, ".ts") || ends_with(u, ".m2ts")) return "mpegts";
  if (ends_with(u, ".flv")) return "flv";
  if (ends_with(u, ".mkv")) return "matroska";
  if (ends_with(u, ".mp4")) return "mp4";
  return std::nullopt;
}

void check_stream_settings(const StreamSettings& settings) {
  if (settings.url.empty()) throw usage_error("--stream-out needs a URL", "for example --stream-out udp://127.0.0.1:5000");
  if (!stream_container(settings.url))
    throw usage_error("--stream-out " + settings.url + ": not a stream livedream can send",
                      "use udp://HOST:PORT, srt://HOST:PORT, rtmp://HOST/APP/KEY, rtsp://HOST:PORT/PATH or a .ts/.flv/.mkv/.mp4 file");
  const std::string& b = settings.bitrate;
  size_t digits = 0;
  while (digits < b.size() && (std::isdigit(static_cast<unsigned char>(b[digits])) || b[digits] == '.')) ++digits;
  const std::string unit = lower(b.substr(digits));
  if (digits == 0 || !(unit.empty() || unit == "k" || unit == "m") || std::stod(b.substr(0, digits)) <= 0)
    throw usage_error("--stream-bitrate " + b + ": not a bit rate", "give bits per second like 2500k or 4M");
  if (!(settings.fps >= 1 && settings.fps <= 240))
    throw usage_error("a stream at " + std::to_string(settings.fps) + " fps", "give a rate from 1 to 240");
}

std::vector<std::string> stream_output_args(const StreamSettings& settings) {
  const std::string container = stream_container(settings.url).value_or("mpegts");
  // A keyframe every half second: a viewer joining the stream (or one that lost packets) has a
  // picture within half a second. zerolatency: no lookahead, no B-frames, each frame out at once.
  const std::string gop = std::to_string(std::max(1, static_cast<int>(std::lround(settings.fps / 2))));
  std::vector<std::string> args = {"-vf",
                                   "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
                                   "-c:v",
                                   "libx264",
                                   "-preset",
                                   "veryfast",
                                   "-tune",
                                   "zerolatency",
                                   "-b:v",
                                   settings.bitrate,
                                   "-maxrate",
                                   settings.bitrate,
                                   "-bufsize",
                                   settings.bitrate,
                                   "-g",
                                   gop,
                                   "-keyint_min",
                                   gop,
                                   "-pix_fmt",
                                   "yuv420p",
                                   "-colorspace",
                                   "bt709",
                                   "-color_primaries",
                                   "bt709",
                                   "-color_trc",
                                   "bt709",
                                   "-color_range",
                                   "tv",
                                   "-flush_packets",
                                   "1"};
  if (container == "mpegts") args.insert(args.end(), {"-muxdelay", "0", "-muxpreload", "0"});
  if (container == "mp4") args.insert(args.end(), {"-movflags", "+frag_keyframe+empty_moov+default_base_moof"});
  if (container == "rtsp") args.insert(args.end(), {"-rtsp_transport", "tcp"});
  args.insert(args.end(), {"-f", container, settings.url});
  return args;
}

StreamSink::StreamSink(StreamSettings settings) : settings_(std::move(settings)) {
  check_stream_settings(settings_);
  container_ = *stream_container(settings_.url);
  if (settings_.ffmpeg.empty()) settings_.ffmpeg = find_ffmpeg();
  if (settings_.ffmpeg.empty())
    throw runtime_error("streaming needs ffmpeg, which is not installed", "install it (apt-get install ffmpeg) or set LIVEDREAM_FFMPEG");
  if (!settings_.audio_source.empty()) audio_ = std::make_shared<AudioTrack>(settings_.ffmpeg, settings_.audio_source);
}

void StreamSink::open(int width, int height) {
  close();
  width_ = round_up_to_even(width);  // H.264 4:2:0 wants even sides
  height_ = round_up_to_even(height);
  std::vector<std::string> args = raw_rgb_input_args(width_, height_, std::to_string(settings_.fps));
  if (audio_) {
    std::string dir = (std::filesystem::temp_directory_path() / "livedream-sound-XXXXXX").string();
    if (!mkdtemp(dir.data()))
      throw runtime_error("cannot make a folder for the stream's sound: " + std::string(std::strerror(errno)), "check $TMPDIR (or /tmp)");
    fifo_dir_ = dir;  // removed by close_sound(), whatever happens next
    if (mkfifo((dir + "/sound.pcm").c_str(), 0600) != 0)
      throw runtime_error("cannot make a FIFO for the stream's sound: " + std::string(std::strerror(errno)), "check $TMPDIR (or /tmp)");
    // The sound is ffmpeg's first input (it opens inputs in order: the FIFO, then the frames on
    // stdin); raw PCM needs no probing, and deep input queues keep the two inputs from waiting
    // on each other.
    const std::vector<std::string> sound_input = {"-thread_queue_size",
                                                  "4096",
                                                  "-probesize",
                                                  "32",
                                                  "-analyzeduration",
                                                  "0",
                                                  "-f",
                                                  "s16le",
                                                  "-ar",
                                                  std::to_string(AudioTrack::kRate),
                                                  "-ac",
                                                  std::to_string(AudioTrack::kChannels),
                                                  "-i",
                                                  fifo_dir_ + "/sound.pcm",
                                                  "-thread_queue_size",
                                                  "512"};
    const auto first_input = std::find(args.begin(), args.end(), "-f");  // after -hide_banner ... -y
    args.insert(first_input, sound_input.begin(), sound_input.end());
    args.insert(args.end(), {"-map", "1:v", "-map", "0:a", "-c:a", "aac", "-b:a", "160k"});
  }
  const auto out = stream_output_args(settings_);
  args.insert(args.end(), out.begin(), out.end());
  auto process = std::make_unique<FfmpegProcess>(settings_.ffmpeg, args, settings_.url);
  // Set before the first frame, so the encoder's threads (made at the first frame) inherit it.
  if (settings_.yield_cpu) setpriority(PRIO_PROCESS, static_cast<id_t>(process->pid()), kEncoderNice);
  std::lock_guard lock(process_mutex_);
  process_ = std::move(process);
  rgb_.assign(static_cast<size_t>(width_) * height_ * 3, 0);
  if (audio_) open_sound_input();
}

void StreamSink::open_sound_input() {
  const std::string fifo = fifo_dir_ + "/sound.pcm";
  // A non-blocking open for writing succeeds once ffmpeg has the FIFO open for reading; ffmpeg
  // that failed at once never does, so this waits a few seconds at most.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((fifo_fd_ = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
    if (errno != ENXIO || std::chrono::steady_clock::now() > until)
      throw runtime_error("the stream to " + settings_.url + " did not start: ffmpeg did not open its sound input",
                          "check the URL and that ffmpeg works (run it by hand)");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  follower_.emplace(1.0 / settings_.fps);
  sound_owed_ = 0;
  send_sound(-1);  // a tick of silence now: ffmpeg reads the sound input first
}

void StreamSink::send_sound(double source_s) {
  sound_owed_ += AudioTrack::kRate / settings_.fps;
  const auto frames = static_cast<size_t>(sound_owed_);
  sound_owed_ -= static_cast<double>(frames);
  sound_.resize(frames * AudioTrack::kChannels);
  const auto start = follower_->next(source_s);
  if (start)
    audio_->copy(*start, frames, sound_.data());
  else
    std::fill(sound_.begin(), sound_.end(), int16_t{0});
  const ssize_t n = ::write(fifo_fd_, sound_.data(), sound_.size() * sizeof(int16_t));
  if (n < 0 && errno == EPIPE)
    throw runtime_error("the stream to " + settings_.url + " stopped: ffmpeg closed its sound input", "livedream retries by itself");
  // A full FIFO (ffmpeg behind on the sound) or a part written: the rest is dropped, not waited for.
  if (n < static_cast<ssize_t>(sound_.size() * sizeof(int16_t))) ++sound_dropped_;
}

void StreamSink::close_sound() {
  if (fifo_fd_ >= 0) ::close(fifo_fd_);
  fifo_fd_ = -1;
  if (!fifo_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(fifo_dir_, ignored);
  }
  fifo_dir_.clear();
}

void StreamSink::send(const RgbaFrame& frame, double source_s) {
  if (!process_) throw runtime_error("the stream to " + settings_.url + " is not open", "start it again");
  // RGBA rows (any pitch) to tight RGB; an odd side repeats its last row or column.
  for (int y = 0; y < height_; ++y) {
    const uint8_t* src = frame.data + frame.row_bytes() * static_cast<size_t>(std::min(y, frame.height - 1));
    uint8_t* dst = rgb_.data() + static_cast<size_t>(y) * width_ * 3;
    for (int x = 0; x < width_; ++x) {
      const uint8_t* p = src + 4 * std::min(x, frame.width - 1);
      dst[3 * x] = p[0];
      dst[3 * x + 1] = p[1];
      dst[3 * x + 2] = p[2];
    }
  }
  try {
    process_->write(rgb_.data(), rgb_.size());
  } catch (const std::exception& e) {
    // ffmpeg's reason with a stream's fix (its own hint is a recording's: free disk space).
    throw runtime_error("the stream to " + settings_.url + " stopped: " + first_line(e.what()),
                        "check that the receiver is up; livedream retries by itself");
  }
  if (fifo_fd_ >= 0) send_sound(source_s);
}

void StreamSink::close() {
  std::unique_ptr<FfmpegProcess> process;
  {
    std::lock_guard lock(process_mutex_);
    process = std::move(process_);
  }
  if (fifo_fd_ >= 0) ::close(fifo_fd_);  // end of the sound input before the end of the frames
  fifo_fd_ = -1;
  if (process) process->close_within(std::chrono::seconds(2));  // the last packets out, but never a hang
  close_sound();
}

void StreamSink::abort() {
  std::lock_guard lock(process_mutex_);
  if (process_) process_->kill();
}

std::string StreamSink::describe() const {
  const char* name = container_ == "mpegts" ? "MPEG-TS" : container_ == "flv" ? "FLV" : container_ == "rtsp" ? "RTSP" : container_.c_str();
  return settings_.url + " (H.264" + (audio_ ? ", AAC" : "") + ", " + name + ")";
}

}  // namespace livedream::capture
