#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace livedream::log {
namespace {
std::atomic<Verbosity> current{Verbosity::Normal};

const char* prefix(Level level) {
  switch (level) {
    case Level::Error: return "livedream: error: ";
    case Level::Warning: return "livedream: warning: ";
    case Level::Note: return "livedream: note: ";
    case Level::Debug: return "livedream: debug: ";
    case Level::Info: break;
  }
  return "livedream: ";
}
}  // namespace

void set_verbosity(Verbosity verbosity) { current = verbosity; }
Verbosity verbosity() { return current; }

bool enabled(Level level) {
  switch (current.load()) {
    case Verbosity::Quiet: return level == Level::Error;
    case Verbosity::Normal: return level != Level::Debug;
    case Verbosity::Verbose: return true;
  }
  return true;
}

std::string line(Level level, const std::string& text) { return prefix(level) + text + "\n"; }

void print(Level level, const std::string& text) {
  if (!enabled(level)) return;
  // One write(2) for the whole line: the kernel keeps it in one piece on a pipe or terminal,
  // whatever other threads write meanwhile (a stdio stream would need a lock of ours).
  const std::string whole = line(level, text);
  size_t done = 0;
  while (done < whole.size()) {
    const ssize_t n = ::write(STDERR_FILENO, whole.data() + done, whole.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to say it: nothing more to do
    done += static_cast<size_t>(n);
  }
}

}  // namespace livedream::log
