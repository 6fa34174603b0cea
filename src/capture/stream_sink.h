// A network stream (or a file written live) through ffmpeg: raw frames to its stdin, H.264 with
// low-latency settings out to udp://, srt://, rtmp://, rtsp:// or a file, in the container the
// destination needs (MPEG-TS for udp and srt, FLV for rtmp, RTSP's own, a file's by its
// extension). ffmpeg's own network code does the sending; a refused or dropped connection ends
// ffmpeg, which the next send reports (PacedOutput then retries).
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "capture/ffmpeg_process.h"
#include "capture/frame_sink.h"

namespace livedream::capture {

struct StreamSettings {
  std::string url;
  double fps = 30;
  std::string bitrate = "4M";  // ffmpeg's notation: 2500k, 4M
  std::string ffmpeg;          // empty: find_ffmpeg() ($LIVEDREAM_FFMPEG, else on PATH)
  // The encoder at a lower priority (nice 10): where cores are short it yields to the window and
  // the dream, and the stream skips ticks. The viewer's choice; a render's stream keeps its pace.
  bool yield_cpu = false;
};

// The container for `url` ("mpegts", "flv", "rtsp", "mp4", ...), or nothing for a URL we do not
// stream to (an unknown scheme, a file without a known extension).
std::optional<std::string> stream_container(const std::string& url);
// Checks the URL and the bitrate; throws livedream::Error (usage) naming what is wrong and the fix.
void check_stream_settings(const StreamSettings& settings);
// ffmpeg's arguments after the raw input (encoder, settings, container, URL): for tests and the README.
std::vector<std::string> stream_output_args(const StreamSettings& settings);

class StreamSink : public FrameSink {
 public:
  explicit StreamSink(StreamSettings settings);  // check_stream_settings
  void open(int width, int height) override;
  void send(const RgbaFrame& frame) override;
  void close() override;
  void abort() override;
  std::string describe() const override;

 private:
  StreamSettings settings_;
  std::string container_;
  int width_ = 0, height_ = 0;
  std::vector<uint8_t> rgb_;  // one frame converted for ffmpeg's rgb24 input (reused)
  std::unique_ptr<FfmpegProcess> process_;
  std::mutex process_mutex_;  // abort() comes from another thread
};

}  // namespace livedream::capture
