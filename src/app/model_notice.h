// A TorchScript model file is a program: every command says which one it runs.
#pragma once
#include <ostream>

#include "dream/model.h"

namespace livedream::app {

// "livedream: model PATH (sha256 HEX) on DEVICE", one line. Printed on every run, terminal or not,
// so logs of headless renders record which file ran; the viewer prints the same line.
void announce_model(const dream::Model& model, std::ostream& out);

}  // namespace livedream::app
