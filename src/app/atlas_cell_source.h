// The viewer's atlas worker on the atlas module: the same cache and pictures as `livedream atlas`
// with its default settings, so the command and the viewer fill each other's cache.
#pragma once
#include "viewer/atlas_worker.h"

namespace livedream::app {

viewer::AtlasSourceFactory atlas_cell_source_factory();

}  // namespace livedream::app
