// Video files through ffmpeg: raw rgb24 frames go to its stdin, and it encodes and muxes. The
// MP4 is H.264/yuv420p in fragmented form (a self-contained fragment every second), so a
// recording cut off by a crash, SIGKILL or a full disk still plays up to its last fragment; a
// normal stop closes ffmpeg's input and waits for it to finish the file.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "capture/ffmpeg_process.h"
#include "capture/video_encoder.h"

namespace livedream::capture {

class FfmpegEncoder : public VideoEncoder {
 public:
  // `output_args` follow the input in ffmpeg's command line and end with the output path.
  // ffmpeg starts at the first frame, whose size (padded to even sides when `even_sides`) fixes
  // the video's size; later frames of another size are scaled to it (a video has one size).
  // `rate`: the exact frame rate as ffmpeg reads it ("30000/1001", a video source's); empty: fps.
  FfmpegEncoder(std::string ffmpeg, std::string path, int fps, std::vector<std::string> output_args, bool even_sides,
                std::string rate = {});
  ~FfmpegEncoder() override;

  void write(const Image& frame) override;
  void finish() override;
  std::string target() const override { return path_; }

 private:
  std::string ffmpeg_, path_;
  std::string rate_;
  std::vector<std::string> output_args_;
  bool even_sides_;
  int width_ = 0, height_ = 0;
  std::unique_ptr<FfmpegProcess> process_;
  bool finished_ = false;
};

// H.264 MP4, yuv420p (BT.709, limited range, tagged as such), odd sides padded by repeating the
// last row/column, a keyframe and fragment every second of video.
// `rate` as for FfmpegEncoder; `comment`: the file's comment tag (empty: none).
std::unique_ptr<VideoEncoder> make_mp4_encoder(const std::string& ffmpeg, const std::string& path, int fps, const std::string& rate = {},
                                               const std::string& comment = {});

}  // namespace livedream::capture
