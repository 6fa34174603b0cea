#include "session/cpu_budget.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace livedream::session {

int engine_threads(bool async, unsigned cores) {
  const int all = cores > 0 ? static_cast<int>(cores) : 1;
  return async && all > 1 ? all - 1 : all;
}

void lower_current_thread_priority(int nice_steps) {
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  ::setpriority(PRIO_PROCESS, tid, ::getpriority(PRIO_PROCESS, tid) + nice_steps);
}

}  // namespace livedream::session
