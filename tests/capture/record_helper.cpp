// A stand-in for a program that records until it is told to stop: it records synthetic frames
// to argv[1] through the real recorder, with the real signal handling, so the tests can send it
// SIGINT/SIGTERM/SIGKILL mid-recording without a model or a display.
// Usage: capture_record_helper OUT READY_FILE [MAX_FRAMES]
// Touches READY_FILE once 30 frames are in the queue; exits 130/143 after a signal, like livedream.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "capture/encoder_factory.h"
#include "capture/recorder.h"
#include "core/rgba_frame.h"
#include "capture/stop_signals.h"
#include "capture/synthetic_frames.h"

using namespace livedream;
using namespace livedream::capture;

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  StopSignals signals("");
  const long max_frames = argc > 3 ? std::atol(argv[3]) : 100000;
  EncoderRequest request;
  request.spec = parse_output(argv[1]);
  request.fps = 30;
  auto opened = open_encoder(request);
  Recorder recorder(std::move(opened.encoder), 30, 8);
  long frame = 0;
  for (; frame < max_frames && !stop_requested(); ++frame) {
    recorder.submit_wait(to_rgba_frame(test::synthetic_frame(96, 64, static_cast<int>(frame))));
    if (frame == 30) std::ofstream(argv[2]) << "ready\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a "step"
  }
  const auto stats = recorder.stop();
  std::printf("frames %lld error '%s'\n", static_cast<long long>(stats.frames_written), stats.error.c_str());
  return stop_signal() ? 128 + stop_signal() : (stats.error.empty() ? 0 : 1);
}
