#include "app/render_output_chain.h"

#include <cstdio>
#include <filesystem>

#include "capture/frame_queue.h"
#include "capture/output_format.h"
#include "core/log.h"

namespace livedream::app {

namespace {
// Frames wait for the writer in a queue of at most this many bytes (a few frames at large sizes).
constexpr size_t kQueueBytes = size_t{64} << 20;
}  // namespace

std::string frame_range(int64_t first, int64_t count) {
  return count <= 0 ? std::string("no frames") : "frames " + std::to_string(first) + "-" + std::to_string(first + count - 1);
}

RenderOutputChain::RenderOutputChain(const capture::EncoderRequest& request, int width, int height, bool resumable)
    : first_number_(request.first_number), fps_(request.fps) {
  auto opened = capture::open_encoder(request);
  if (!opened.notice.empty()) log::note(opened.notice);
  spec_ = opened.spec;
  target_ = opened.encoder->target();
  resumable_ = resumable;
  if (resumable_ && writes_video()) resume_frame_.emplace(spec_, request.png_text);
  recorder_ = std::make_unique<capture::Recorder>(std::move(opened.encoder), fps_, capture::queue_capacity_for(width, height, kQueueBytes));
  kept_ = spec_.format == capture::OutputFormat::PngSequence ? capture::png_sequence_glob(spec_) : spec_.path;
}

RenderOutputChain::~RenderOutputChain() = default;

std::string RenderOutputChain::target() const { return target_; }

void RenderOutputChain::add_live_outputs(std::unique_ptr<capture::LiveOutputs> outputs) {
  live_ = std::move(outputs);
  if (!live_) return;
  const auto status = live_->status();
  for (const auto& s : {status.stream, status.camera})
    if (s) log::info("sending the render to " + s->target + " as it is made");
}

bool RenderOutputChain::submit(RgbaFrame frame, int64_t number) {
  if (live_) {
    const double source_s = source_fps_ > 0 ? source_first_s_ + static_cast<double>(submitted_) / source_fps_ : -1.0;
    live_->submit(frame, source_s);  // shares the pixels; the outputs' threads send it at their rate
    for (const auto& message : live_->take_messages()) log::warning(message);
  }
  if (resume_frame_) last_ = frame;                             // shares the pixels
  if (!recorder_->submit_wait(std::move(frame))) return false;  // the writer failed: its error follows
  last_number_ = number;
  ++submitted_;
  if (resume_frame_ && submitted_ % fps_ == 0) resume_frame_->save(last_, number);
  return true;
}

void RenderOutputChain::run(RenderJob& job) {
  int64_t number = first_number_;
  RgbaFrame frame;
  while (!capture::stop_requested() && job.next(frame, bar_))
    if (!submit(std::move(frame), number++)) break;
  bar_.finish();
  stats_ = recorder_->stop();
  if (live_) {
    const auto status = live_->status();
    for (const auto& s : {status.stream, status.camera})
      if (s)
        log::info(log::words("sent ", s->frames_sent, " frames to ", s->target, " (", s->frames_new, " new, ", s->frames_repeated,
                             " repeated to hold its rate)", s->error.empty() ? "" : "; last failure: " + s->error));
    live_.reset();  // the stream's end goes out before the report
  }
}

int RenderOutputChain::report(const Ending& ending) {
  const int64_t written = stats_.frames_written;
  const int64_t last_written = first_number_ + written - 1;
  const std::string what_is_kept = " (" + frame_range(first_number_, written) + " kept in " + kept_ + ")";
  if (!stats_.error.empty()) {
    log::error(stats_.error + what_is_kept);
    return 1;
  }
  if (!ending.source_error.empty()) {
    if (resume_frame_ && written > 0) resume_frame_->save(last_, last_written);
    log::error(ending.source_error + what_is_kept);
    return 1;
  }
  // A stop asked for after the last frame was written interrupts nothing.
  if (capture::stop_requested() && !(ending.expected > 0 && written >= ending.expected)) {
    std::string resume_from;
    if (written > 0 && resume_frame_) {
      resume_frame_->save(last_, last_written);
      resume_from = resume_frame_->path();
    } else if (written > 0 && resumable_) {  // a PNG sequence: each frame carries what a resume needs
      resume_from = capture::png_frame_path(spec_, last_written);
    }
    std::string said = log::words("interrupted: ", kept_, " has ", frame_range(first_number_, written));
    if (ending.of > 0) said += log::words(" of ", ending.of);
    if (!resume_from.empty()) {
      said += "; continue with: livedream render --resume-from " + resume_from;
      if (ending.render_frames > 0) said += log::words(" --frames ", ending.render_frames);
    }
    log::info(said);
    return capture::stop_signal() ? 128 + capture::stop_signal() : 1;
  }
  std::error_code ec;
  if (resume_frame_) std::filesystem::remove(resume_frame_->path(), ec);  // finished: nothing to resume
  char length[32];
  std::snprintf(length, sizeof length, "%.1f s", static_cast<double>(written) * ending.seconds_per_frame);
  log::info(log::words("wrote ", kept_, ": ", written, " frames at ", ending.rate, " fps (", length, ending.extra, ")"));
  return 0;
}

}  // namespace livedream::app
