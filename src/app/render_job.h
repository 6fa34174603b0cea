// Where a headless render's frames come from. Each render command (a zoom from a still, a video,
// a replayed performance) is one RenderJob; the one output chain (render_output_chain.h) writes
// whatever a job makes, so encoding, the writer thread, Ctrl-C, the resume frame and the final
// report are written once.
#pragma once
#include <utility>

#include "app/progress_bar.h"
#include "core/rgba_frame.h"

namespace livedream::app {

class RenderJob {
 public:
  virtual ~RenderJob() = default;
  // Makes the next frame into `frame` and returns true; false at the end of the job, or when a
  // stop was asked mid-frame (that frame is not written). Shows its progress on `bar` in the unit
  // it counts (steps or frames).
  virtual bool next(RgbaFrame& frame, ProgressBar& bar) = 0;
};

// A job whose frames a function makes: `bool make(RgbaFrame&, ProgressBar&)`, as next().
template <typename MakeFrame>
class FunctionJob final : public RenderJob {
 public:
  explicit FunctionJob(MakeFrame make) : make_(std::move(make)) {}
  bool next(RgbaFrame& frame, ProgressBar& bar) override { return make_(frame, bar); }

 private:
  MakeFrame make_;
};

}  // namespace livedream::app
