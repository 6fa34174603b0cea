#include "capture/live_outputs.h"

#include <chrono>

#include "capture/v4l2_sink.h"

namespace livedream::capture {

LiveOutputs::~LiveOutputs() {
  stream_.reset();
  camera_.reset();
  for (auto& f : stopping_) f.wait();
}

void LiveOutputs::retire(std::unique_ptr<PacedOutput> output) {
  if (!output) return;
  // Done with: forget the closes that have finished.
  std::erase_if(stopping_, [](const std::future<void>& f) { return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready; });
  stopping_.push_back(std::async(std::launch::async, [o = std::move(output)]() mutable { o.reset(); }));
}

void LiveOutputs::start_stream(const StreamSettings& settings) {
  auto sink = std::make_unique<StreamSink>(settings);  // throws for bad input, before the running one stops
  PacedOutputOptions options;
  options.fps = settings.fps;
  retire(std::move(stream_));
  stream_ = std::make_unique<PacedOutput>(std::move(sink), options);
}

void LiveOutputs::stop_stream() { retire(std::move(stream_)); }

void LiveOutputs::start_camera(const std::string& device, double fps) {
  retire(std::move(camera_));  // the device may take one writer at a time: free it first
  auto sink = std::make_unique<V4l2Sink>(device);
  PacedOutputOptions options;
  options.fps = fps;
  camera_ = std::make_unique<PacedOutput>(std::move(sink), options);
}

void LiveOutputs::stop_camera() { retire(std::move(camera_)); }

void LiveOutputs::submit(const RgbaFrame& frame, double source_s) {
  if (stream_) stream_->submit(frame, source_s);
  if (camera_) camera_->submit(frame);
}

LiveOutputsStatus LiveOutputs::status() const {
  LiveOutputsStatus s;
  if (stream_) s.stream = stream_->stats();
  if (camera_) s.camera = camera_->stats();
  return s;
}

std::vector<std::string> LiveOutputs::take_messages() {
  std::vector<std::string> out;
  for (auto* output : {stream_.get(), camera_.get()})
    if (output)
      if (auto m = output->take_message()) out.push_back(*m);
  return out;
}

}  // namespace livedream::capture
