// What the bench dreams with: the model files and layers of its cases, and the picture.
#pragma once
#include <string>
#include <vector>

#include "app/bench/bench_options.h"
#include "core/image.h"

namespace livedream::app::bench {

struct Case {
  std::string file;  // the model's file name, for the report
  std::string path;  // where it is
  std::string layer;
};

// The --case FILE:LAYER specs (default: GoogLeNet inception_4c and SqueezeNet fire5), each FILE a
// path, or a name in --models-dir when given, else in the models folders every command searches
// (core/paths.h model_search_dirs). Throws livedream::Error for a malformed spec or a missing file.
std::vector<Case> resolve_cases(const BenchOptions& options);

// --image, else the shared sky photo, else the procedural clouds (1024 x 1024).
Image base_image(const BenchOptions& options);

}  // namespace livedream::app::bench
