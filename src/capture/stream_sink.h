// A network stream (or a file written live) through ffmpeg: raw frames to its stdin, H.264 with
// low-latency settings out to udp://, srt://, rtmp://, rtsp:// or a file, in the container the
// destination needs (MPEG-TS for udp and srt, FLV for rtmp, RTSP's own, a file's by its
// extension). ffmpeg's own network code does the sending; a refused or dropped connection ends
// ffmpeg, which the next send reports (PacedOutput then retries).
// With an audio source (the video being dreamt), its sound goes out too, AAC, following the
// picture (AudioFollower): one tick of sound per frame sent, through a FIFO that is ffmpeg's
// second input, written without blocking (a chunk ffmpeg is not ready for is dropped and counted,
// never a stall of the picture).
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "capture/audio_follower.h"
#include "capture/audio_track.h"
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
  // A file whose sound goes out with the picture (the video being dreamt); empty: no sound.
  std::string audio_source{};
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
  ~StreamSink() override { close(); }            // ends ffmpeg within its grace and removes the sound's FIFO
  void open(int width, int height) override;
  void send(const RgbaFrame& frame, double source_s) override;
  void close() override;
  void abort() override;
  std::string describe() const override;
  int64_t sound_chunks_dropped() const { return sound_dropped_; }

 private:
  void open_sound_input();           // the FIFO ffmpeg reads the sound from, once ffmpeg has it open
  void send_sound(double source_s);  // one tick of the source's sound (or silence)
  void close_sound();
  StreamSettings settings_;
  std::string container_;
  int width_ = 0, height_ = 0;
  std::vector<uint8_t> rgb_;  // one frame converted for ffmpeg's rgb24 input (reused)
  std::unique_ptr<FfmpegProcess> process_;
  std::mutex process_mutex_;           // abort() comes from another thread
  std::shared_ptr<AudioTrack> audio_;  // the decoded sound (kept across reopens); null: no sound
  std::string fifo_dir_;               // a private folder holding the FIFO; empty: none
  int fifo_fd_ = -1;
  std::optional<AudioFollower> follower_;
  double sound_owed_ = 0;  // sample frames due but not yet written (ticks are not whole samples)
  std::vector<int16_t> sound_;
  int64_t sound_dropped_ = 0;
};

}  // namespace livedream::capture
