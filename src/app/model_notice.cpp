#include "app/model_notice.h"

namespace livedream::app {

void announce_model(const dream::Model& model, std::ostream& out) {
  out << "livedream: model " << model.path() << " (sha256 " << model.sha256() << ") on " << model.device().str() << "\n";
  out.flush();
}

}  // namespace livedream::app
