// Ctrl-C and SIGTERM while a file is being written: instead of dying mid-file, livedream notes
// the request and the work in progress (a render, a recording) finishes its file and exits.
// A second signal restores the default action, so a hung shutdown can still be cut short.
#pragma once

namespace livedream::capture {

// Installs SIGINT and SIGTERM handlers for its lifetime (the previous ones come back after) and
// ignores SIGPIPE for good (a dead ffmpeg must be a write error, not a silent death). `message` is
// written to stderr by the handler when the first signal arrives (empty: nothing).
class StopSignals {
 public:
  explicit StopSignals(const char* message = "\nlivedream: stopping: finishing the file (press Ctrl-C again to quit at once)\n");
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
};

bool stop_requested();  // a SIGINT or SIGTERM arrived since the handlers were installed
int stop_signal();      // which one (0: none)
void clear_stop_request();

}  // namespace livedream::capture
