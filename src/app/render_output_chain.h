// The one output chain of headless renders: the encoder (MP4/GIF through ffmpeg, or numbered PNGs
// with the parameters in their text; a PNG fallback when ffmpeg is missing), the Recorder's writer
// thread behind a bounded queue (the render waits for room: no frame is lost), Ctrl-C/SIGTERM
// (finish the file, then stop), the resume frame an MP4/GIF render keeps beside itself, the
// progress bar, and the one report at the end with its exit code. render, render VIDEO and
// render --replay each give it a RenderJob and say only where their frames come from.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/progress_bar.h"
#include "app/render_job.h"
#include "capture/encoder_factory.h"
#include "capture/live_outputs.h"
#include "capture/recorder.h"
#include "capture/render_checkpoint.h"
#include "capture/stop_signals.h"

namespace livedream::app {

class RenderOutputChain {
 public:
  // Opens the encoder (a fallback is noted) and the writer for frames of width x height.
  // `resumable` (zoom and video renders, whose frames carry a render checkpoint): an MP4/GIF keeps
  // its last frame as <out>.resume.png (every second of video and when interrupted), removed once
  // the render completes, and an interruption says how to continue. Throws livedream::Error when
  // the output cannot be opened.
  RenderOutputChain(const capture::EncoderRequest& request, int width, int height, bool resumable);
  ~RenderOutputChain();
  RenderOutputChain(const RenderOutputChain&) = delete;
  RenderOutputChain& operator=(const RenderOutputChain&) = delete;

  // Where the frames go, for the info line: "dream.mp4 (H.264)", "frames/%06d.png", ...
  std::string target() const;
  const capture::OutputSpec& spec() const { return spec_; }
  bool writes_video() const { return spec_.format != capture::OutputFormat::PngSequence; }

  // Live outputs (a stream, a virtual camera) that get every frame as it is made, paced to their
  // rate and never holding the render up; their failures are said as they happen. nullptr: none.
  void add_live_outputs(std::unique_ptr<capture::LiveOutputs> outputs);
  // A video render: the frames submitted are the source's from `first_s` seconds at `fps`, so the
  // live outputs know where in the source each is (a stream's sound follows them).
  void set_source_clock(double first_s, double fps) {
    source_first_s_ = first_s;
    source_fps_ = fps;
  }

  // Runs `job` to its end, a stop or a writer failure, then closes the file (the bar ends too).
  void run(RenderJob& job);

  int64_t frames_written() const { return stats_.frames_written; }
  // The file, or the PNG sequence's pattern: where what was written is.
  const std::string& kept() const { return kept_; }
  // The writer's failure (a full disk, ffmpeg gone), or empty.
  const std::string& writer_error() const { return stats_.error; }

  // How the render ends, in the caller's terms.
  struct Ending {
    std::string source_error;   // the input failed mid-way (what was written is kept)
    int64_t expected = 0;       // frames this run was to write (0: until the source ended)
    int64_t of = 0;             // "has frames 0-41 of N" when interrupted (0: unknown)
    int64_t render_frames = 0;  // the render's --frames, for the continue hint (0: leave it out)
    std::string rate;           // the frame rate as said: "30", "29.97"
    double seconds_per_frame = 0;
    std::string extra;  // added to the "wrote" line's parentheses: ", with sound"
  };
  // Says the end once (the writer's error, the source's, an interruption with how to continue, or
  // what was written) and returns the exit code: 0, 1, or 128+signal when interrupted.
  int report(const Ending& ending);

 private:
  bool submit(RgbaFrame frame, int64_t number);

  capture::OutputSpec spec_;
  int64_t first_number_ = 0;
  int fps_ = 30;
  std::string target_;
  bool resumable_ = false;
  std::optional<capture::ResumeFrameWriter> resume_frame_;  // MP4/GIF of a resumable render
  std::unique_ptr<capture::Recorder> recorder_;
  std::unique_ptr<capture::LiveOutputs> live_;
  capture::StopSignals signals_;
  ProgressBar bar_;
  RgbaFrame last_;  // shares the pixels of the frame last queued (for the resume frame)
  int64_t last_number_ = -1;
  int64_t submitted_ = 0;
  double source_first_s_ = -1, source_fps_ = 0;  // set_source_clock
  capture::RecorderStats stats_;
  std::string kept_;
};

// "frames 12-41", or "no frames".
std::string frame_range(int64_t first, int64_t count);

}  // namespace livedream::app
