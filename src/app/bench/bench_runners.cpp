#include "app/bench/bench_runners.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "app/bench/memory_probes.h"
#include "app/bench/statistics.h"
#include "core/image_resize.h"
#include "dream/device.h"
#include "dream/engine.h"
#include "dream/open_model.h"

namespace livedream::app::bench {
namespace {
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// One octave that never moves on: every step is the same work, so the steps can be compared.
DreamParams bench_params(const Case& c, const std::string& dtype, const BenchOptions& o) {
  DreamParams p;
  p.model = c.path;
  p.layers = {{c.layer, 1.0f, {}}};
  p.steps = 1000000;  // one octave: the schedule never moves on
  p.octaves = 1;
  p.jitter = o.jitter;
  p.tile = o.tile;
  p.max_dim = 0;
  p.device = o.device;
  p.dtype = dtype;
  return p;
}

}  // namespace

json run_case(const Case& c, BenchSize size, const std::string& dtype_name, bool graphs, const BenchOptions& o, const Image& picture) {
  const DreamParams params = bench_params(c, dtype_name, o);
  // The engine reads the switch when it is made (dream/cuda_graphs.h); each case sets it either way.
  ::setenv("LIVEDREAM_CUDA_GRAPHS", graphs ? "1" : "0", 1);
  const auto device = dream::resolve_device(o.device);  // before loading: the CUDA peak is reset first
  const bool hwm_reset = reset_peak_rss();
  const double base_rss = status_mib("VmRSS");
  reset_cuda_peak(device);
  const auto t_load = Clock::now();
  auto model = dream::open_model(params);
  const double load_ms = ms_since(t_load);
  dream::Engine engine(model, params);
  engine.set_timing_enabled(true);  // per-phase split (a sync per phase on a GPU; nothing on the CPU)
  engine.set_source(resize_image(picture, size.width, size.height));

  const auto t_warm = Clock::now();
  for (int i = 0; i < o.warmup; ++i) engine.step();
  const double warmup_ms = ms_since(t_warm);

  std::vector<double> total, fwd, bwd, upd, other, frame;
  for (int i = 0; i < o.reps; ++i) {
    engine.step();
    const auto t = engine.last_timings();
    total.push_back(t.total_ms);
    fwd.push_back(t.forward_ms);
    bwd.push_back(t.backward_ms);
    upd.push_back(t.update_ms);
    other.push_back(std::max(0.0, t.total_ms - t.forward_ms - t.backward_ms - t.update_ms));
  }
  // The frame the viewer uploads: the dream as RGBA8 (on the GPU it stays there for CUDA-GL interop).
  for (int i = 0; i < std::max(3, o.reps / 2); ++i) {
    const auto t0 = Clock::now();
    auto rgba = engine.frame_rgba8();
    if (rgba.is_cuda()) rgba.cpu();  // waits for it
    frame.push_back(ms_since(t0));
  }
  // Throughput: steps back to back, no per-phase timing, one sync (reading the loss) at the end.
  engine.set_timing_enabled(false);
  engine.step();
  engine.last_loss();  // drains the queue before the clock starts
  const int pipelined = o.pipelined > 0 ? o.pipelined : o.reps;
  const auto t_pipe = Clock::now();
  for (int i = 0; i < pipelined; ++i) engine.step();
  engine.last_loss();  // waits for the last step
  const double pipelined_ms = ms_since(t_pipe);
  const Stats st = stats_of(total);
  json r;
  r["model"] = c.file;
  r["layer"] = c.layer;
  r["width"] = engine.width();
  r["height"] = engine.height();
  r["dtype"] = dtype_name;
  r["device"] = device.str();
  r["warmup"] = o.warmup;
  r["reps"] = o.reps;
  r["tile"] = o.tile;
  r["cuda_graphs"] = graphs;
  r["steps_per_s"] = st.median > 0 ? 1000.0 / st.median : 0.0;
  r["pipelined_steps"] = pipelined;
  r["pipelined_steps_per_s"] = pipelined_ms > 0 ? pipelined * 1000.0 / pipelined_ms : 0.0;
  r["step"] = stats_json(st);
  r["forward_ms"] = stats_of(fwd).median;
  r["backward_ms"] = stats_of(bwd).median;
  r["update_ms"] = stats_of(upd).median;
  r["other_ms"] = stats_of(other).median;
  r["outside_fwd_bwd_fraction"] = st.median > 0 ? (stats_of(upd).median + stats_of(other).median) / st.median : 0.0;
  r["frame_rgba8_ms"] = stats_of(frame).median;
  r["warmup_ms"] = warmup_ms;
  r["load_ms"] = load_ms;
  r["loss"] = engine.last_loss();
  r["base_rss_mib"] = base_rss;
  r["peak_rss_mib"] = peak_rss_mib();
  r["peak_rss_scope"] = hwm_reset ? "case" : "process";
  if (device.is_cuda()) r["cuda_peak_allocated_mib"] = cuda_peak_mib(device);
  return r;
}

json run_memory_check(const Case& c, const BenchOptions& o, const Image& picture) {
  const std::string dtype_name = o.dtypes.front();
  DreamParams p = bench_params(c, dtype_name, o);
  auto model = dream::open_model(p);
  p.octave_mode = OctaveMode::Cycle;
  p.octaves = 3;
  p.octave_scale = 1.3f;
  p.jitter = 16;
  p.zoom = 1.002f;  // the feedback transform too, as the viewer's endless zoom
  p.source_blend = 0.01f;
  dream::Engine engine(model, p);
  engine.set_source(resize_image(picture, o.memory_size, o.memory_size));
  const int steps = o.memory_check;
  const int warm = std::max(1, std::min(200, steps / 10));
  for (int i = 0; i < warm; ++i) engine.step();
  const int samples = 20;
  json rss = json::array(), heap = json::array(), at = json::array();
  const auto t0 = Clock::now();
  for (int i = 0; i <= steps; ++i) {
    if (i % std::max(1, steps / samples) == 0 || i == steps) {
      release_free_heap();
      at.push_back(i);
      rss.push_back(status_mib("VmRSS"));
      heap.push_back(heap_in_use_mib());
    }
    if (i < steps) engine.step();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  json r;
  r["model"] = c.file;
  r["layer"] = c.layer;
  r["size"] = o.memory_size;
  r["dtype"] = dtype_name;
  r["steps"] = steps;
  r["warmup_steps"] = warm;
  r["settings"] = "cycle 3 octaves x1.3, jitter 16, zoom 1.002, source blend 0.01";
  r["seconds"] = seconds;
  r["at_step"] = at;
  r["rss_mib"] = rss;
  r["heap_in_use_mib"] = heap;
  r["rss_growth_mib"] = rss.back().get<double>() - rss.front().get<double>();
  r["heap_growth_mib"] = heap.back().get<double>() - heap.front().get<double>();
  // Growth over the second half only: a warm-up effect levels off, a leak keeps going.
  const size_t mid = rss.size() / 2;
  r["rss_growth_second_half_mib"] = rss.back().get<double>() - rss[mid].get<double>();
  r["heap_growth_second_half_mib"] = heap.back().get<double>() - heap[mid].get<double>();
  return r;
}

json run_big(const Case& c, const BenchOptions& o, const Image& picture) {
  const std::string dtype_name = o.dtypes.front();
  DreamParams p = bench_params(c, dtype_name, o);
  p.tile = o.tile > 0 ? o.tile : 512;
  p.jitter = 32;
  const bool hwm_reset = reset_peak_rss();
  auto model = dream::open_model(p);
  dream::Engine engine(model, p);
  engine.set_timing_enabled(true);
  engine.set_source(resize_image(picture, o.big, o.big));
  const double before = status_mib("VmRSS");
  std::vector<double> total;
  for (int i = 0; i < std::max(1, o.reps); ++i) {
    engine.step();
    total.push_back(engine.last_timings().total_ms);
  }
  const Image out = engine.frame();
  json r;
  r["model"] = c.file;
  r["layer"] = c.layer;
  r["width"] = out.width;
  r["height"] = out.height;
  r["tile"] = p.tile;
  r["dtype"] = dtype_name;
  r["steps"] = total.size();
  r["step"] = stats_json(stats_of(total));
  r["rss_before_steps_mib"] = before;
  r["peak_rss_mib"] = peak_rss_mib();
  r["peak_rss_scope"] = hwm_reset ? "case" : "process";
  return r;
}

}  // namespace livedream::app::bench
