#include "app/model_notice.h"

#include "core/log.h"

namespace livedream::app {

void announce_model(const dream::Model& model, std::ostream& out) {
  if (!log::enabled(log::Level::Info)) return;  // --quiet
  out << log::line(log::Level::Info, log::words("model ", model.path(), " (sha256 ", model.sha256(), ") on ", model.device().str()));
  out.flush();
}

}  // namespace livedream::app
