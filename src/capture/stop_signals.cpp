#include "capture/stop_signals.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace livedream::capture {

namespace {
// Lock-free atomics are async-signal-safe; the handler touches nothing else but write/signal.
std::atomic<int> g_signal{0};
const char* g_message = nullptr;
size_t g_message_len = 0;
struct sigaction g_old_int {
}, g_old_term{};
static_assert(std::atomic<int>::is_always_lock_free);

void on_stop_signal(int sig) {
  int expected = 0;
  if (!g_signal.compare_exchange_strong(expected, sig)) {
    // Second signal: the user means it. Default action, delivered again.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  if (g_message_len) {
    ssize_t ignored = ::write(STDERR_FILENO, g_message, g_message_len);
    (void)ignored;
  }
}
}  // namespace

StopSignals::StopSignals(const char* message) {
  g_signal = 0;
  g_message = message;
  g_message_len = message ? std::strlen(message) : 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // blocking calls in other code resume; we poll the flag
  ::sigaction(SIGINT, &sa, &g_old_int);
  ::sigaction(SIGTERM, &sa, &g_old_term);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, nullptr);
}

StopSignals::~StopSignals() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
  // SIGPIPE stays ignored: an ffmpeg pipe may outlive this scope.
}

bool stop_requested() { return g_signal.load() != 0; }
int stop_signal() { return g_signal.load(); }
void clear_stop_request() { g_signal = 0; }

}  // namespace livedream::capture
