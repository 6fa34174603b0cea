// The session's backend in the program: LibTorch's dream::Engine on the model's device.
#pragma once
#include "session/dream_backend.h"

namespace livedream::session {

BackendFactory torch_backend_factory();

}  // namespace livedream::session
