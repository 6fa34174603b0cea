// The engine's share of the CPU while the window is open. In async mode one core stays free for
// the render thread and the worker runs at a lower priority, so the window keeps its frame rate
// on a busy machine; in lockstep the engine may use every core (the render thread waits for it).
#pragma once

namespace livedream::session {

// LibTorch threads for the engine: cores - 1 in async mode (at least 1), else every core.
int engine_threads(bool async, unsigned cores);

// Lowers the calling thread's scheduling priority by `nice_steps` (Linux: per-thread nice).
void lower_current_thread_priority(int nice_steps);

}  // namespace livedream::session
