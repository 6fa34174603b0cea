// The bench's three measurements, each on a fresh model and engine, each returning its result as
// the JSON object `livedream bench --json` prints (bench/run and the tests read these fields).
#pragma once
#include <nlohmann/json_fwd.hpp>  // declarations only: the .cpp files include json.hpp

#include <string>

#include "app/bench/bench_inputs.h"
#include "app/bench/bench_options.h"
#include "core/image.h"

namespace livedream::app::bench {

// Speed: warm-up steps, then --reps timed steps of one octave on a width x height picture: steps
// per second from the median step, the forward / backward / update / other split, the time to make
// the RGBA8 frame the viewer uploads, load time, and peak memory since the case began. On a GPU the
// split syncs after every phase, so it measures latency; `pipelined_steps_per_s` times steps back
// to back with one sync at the end (throughput, as the viewer's async schedule runs them).
// `graphs`: CUDA graphs on (LIVEDREAM_CUDA_GRAPHS=1) or off for this case's engine.
nlohmann::json run_case(const Case& c, BenchSize size, const std::string& dtype, bool graphs, const BenchOptions& options,
                        const Image& picture);

// Leaks: --memory-check steps of a viewer-like endless dream (cycling octaves, jitter, zoom) at
// --memory-size, sampling RSS and the heap in use as it goes.
nlohmann::json run_memory_check(const Case& c, const BenchOptions& options, const Image& picture);

// Big pictures: tiled steps on a --big x --big picture; memory is bounded by the tile.
nlohmann::json run_big(const Case& c, const BenchOptions& options, const Image& picture);

}  // namespace livedream::app::bench
