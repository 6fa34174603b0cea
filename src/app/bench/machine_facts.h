// The machine a bench ran on, reported first so that results from different machines, builds or
// loads are never compared unknowingly: CPU, cores, LibTorch's threads, versions, load average.
#pragma once
#include <nlohmann/json_fwd.hpp>  // declarations only: the .cpp files include json.hpp

#include <string>

namespace livedream::app::bench {

// {"cpu", "cores", "threads", "interop_threads", "libtorch", "onednn", "livedream", "compiler",
// "device", "load_average"}; `device` as the bench resolved it ("cpu", "cuda:0").
nlohmann::json machine_json(const std::string& device);

}  // namespace livedream::app::bench
