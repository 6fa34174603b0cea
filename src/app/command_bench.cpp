// livedream bench: how fast the engine dreams, measured the same way every time.
//
// For each case (model file and layer) and size: load the model, make an engine on a square picture
// of that size (the sky photo when it is there, else the procedural clouds), take warm-up steps,
// then time repetitions of one step each. Reports steps per second (from the median step), the
// step split into forward / backward / update / other, the time to turn the dream into the RGBA8
// frame the viewer uploads, the spread, and peak memory (RSS high-water mark of the process since
// the case began; CUDA: the caching allocator's peak). Machine, threads and versions come first.
//
// Two more measurements, run on request:
//   --memory-check N  N steps of a viewer-like dream (cycling octaves, jitter) at a small size,
//                     sampling RSS and the heap in use (mallinfo2) as it goes: growth = a leak.
//   --big N           one tiled step on an N x N picture (tile --tile, default 512): peak RSS.
#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifdef LIVEDREAM_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include "app/commands.h"
#include "core/error.h"
#include "core/image.h"
#include "core/image_resize.h"
#include "core/paths.h"
#include "core/procedural_image.h"
#include "dream/device.h"
#include "dream/engine.h"
#include "dream/model.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  std::vector<std::string> cases;  // FILE:LAYER
  std::string models_dir, image;
  std::vector<int> sizes = {224, 512, 1024};
  std::vector<std::string> dtypes = {"float32"};
  std::string device = "cpu";
  int threads = 0;  // 0: LibTorch's default
  int warmup = 3, reps = 10, tile = 0, jitter = 0;
  int memory_check = 0, memory_size = 128;
  int big = 0;
  bool json = false;
};

// ---- machine and process facts

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

std::string onednn_version() {
  std::istringstream config(at::show_config());
  std::string line;
  while (std::getline(config, line))
    if (line.find("MKL-DNN") != std::string::npos || line.find("oneDNN") != std::string::npos) {
      const auto v = line.find(" v");
      if (v != std::string::npos) return line.substr(v + 2, line.find(' ', v + 2) - v - 2);
    }
  return "";
}

// A field of /proc/self/status in MiB (VmRSS, VmHWM), or -1.
double status_mib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::strtod(line.c_str() + key.size(), nullptr) / 1024.0;
  return -1;
}

// Starts a new RSS high-water mark (Linux: writing 5 to clear_refs resets VmHWM). False where
// the kernel refuses: the mark then covers the whole process so far.
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

double peak_rss_mib() {
  const double hwm = status_mib("VmHWM");
  if (hwm >= 0) return hwm;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double heap_in_use_mib() {
  const auto info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

double load_average() {
  double load[1] = {-1};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

json machine_json(const std::string& device) {
  json m;
  m["cpu"] = cpu_model();
  m["cores"] = std::thread::hardware_concurrency();
  m["threads"] = at::get_num_threads();
  m["interop_threads"] = at::get_num_interop_threads();
  m["libtorch"] = TORCH_VERSION;
  m["onednn"] = onednn_version();
  m["livedream"] = LIVEDREAM_VERSION;
#ifdef __VERSION__
  m["compiler"] = __VERSION__;
#endif
  m["device"] = device;
  m["load_average"] = load_average();
  return m;
}

// ---- statistics

struct Stats {
  double median = 0, min = 0, max = 0, p10 = 0, p90 = 0, mad = 0;
};

double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

Stats stats_of(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median = quantile(v, 0.5);
  s.min = v.front();
  s.max = v.back();
  s.p10 = quantile(v, 0.1);
  s.p90 = quantile(v, 0.9);
  std::vector<double> dev;
  for (double x : v) dev.push_back(std::abs(x - s.median));
  std::sort(dev.begin(), dev.end());
  s.mad = quantile(dev, 0.5);
  return s;
}

json stats_json(const Stats& s) {
  return {{"median_ms", s.median}, {"min_ms", s.min}, {"max_ms", s.max}, {"p10_ms", s.p10}, {"p90_ms", s.p90}, {"mad_ms", s.mad}};
}

// ---- inputs

std::string shared_dir() {
  if (const char* env = std::getenv("LIVEDREAM_SHARED"); env && *env) return env;
  return (fs::path(source_dir()) / ".." / "shared").lexically_normal().string();
}

std::string models_dir(const BenchOptions& o) {
  if (!o.models_dir.empty()) return o.models_dir;
  if (const char* env = std::getenv("LIVEDREAM_MODELS_DIR"); env && *env) return env;
  return (fs::path(shared_dir()) / "models").string();
}

Image base_image(const BenchOptions& o) {
  const std::string path = o.image.empty() ? (fs::path(shared_dir()) / "images" / "sky.jpg").string() : o.image;
  std::error_code ec;
  if (fs::exists(path, ec)) return load_image(path);
  if (!o.image.empty()) throw runtime_error("bench image not found: " + path, "pass an existing --image or none");
  return make_clouds(1024, 1024);
}

struct Case {
  std::string file, path, layer;
};

std::vector<Case> resolve_cases(const BenchOptions& o) {
  std::vector<std::string> specs = o.cases;
  if (specs.empty()) specs = {"googlenet_bvlc.pt:inception_4c", "squeezenet1_1_caffe.pt:fire5"};
  std::vector<Case> out;
  for (const auto& spec : specs) {
    const auto colon = spec.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
      throw usage_error("--case '" + spec + "' is not FILE:LAYER", "e.g. --case googlenet_bvlc.pt:inception_4c");
    Case c;
    c.file = spec.substr(0, colon);
    c.layer = spec.substr(colon + 1);
    c.path = fs::path(c.file).is_absolute() || fs::exists(c.file) ? c.file : (fs::path(models_dir(o)) / c.file).string();
    if (!fs::exists(c.path))
      throw runtime_error("bench model not found: " + c.path,
                          "pass --models-dir (default $LIVEDREAM_SHARED/models or ../shared/models) or a path in --case");
    c.file = fs::path(c.path).filename().string();
    out.push_back(c);
  }
  return out;
}

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

// ---- CUDA memory

void reset_cuda_peak(const torch::Device& device) {
#ifdef LIVEDREAM_WITH_CUDA
  if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index());
#else
  (void)device;
#endif
}

double cuda_peak_mib(const torch::Device& device) {
#ifdef LIVEDREAM_WITH_CUDA
  if (device.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
  }
#else
  (void)device;
#endif
  return -1;
}

// ---- the measurements

json run_case(const Case& c, int size, const std::string& dtype_name, const BenchOptions& o, const Image& picture) {
  const auto device = dream::resolve_device(o.device);
  const auto dtype = dream::resolve_dtype(dtype_name, device);
  const bool hwm_reset = reset_peak_rss();
  const double base_rss = status_mib("VmRSS");
  reset_cuda_peak(device);
  const auto t_load = Clock::now();
  auto model = std::make_shared<dream::Model>(dream::Model::load(c.path, device, dtype));
  const double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - t_load).count();
  dream::Engine engine(model, bench_params(c, dtype_name, o));
  engine.set_timing_enabled(true);  // per-phase split (a sync per phase on a GPU; nothing on the CPU)
  engine.set_source(resize_image(picture, size, size));

  const auto t_warm = Clock::now();
  for (int i = 0; i < o.warmup; ++i) engine.step();
  const double warmup_ms = std::chrono::duration<double, std::milli>(Clock::now() - t_warm).count();

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
    frame.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
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
  r["steps_per_s"] = st.median > 0 ? 1000.0 / st.median : 0.0;
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

// A viewer-like endless dream at a small size: sampled RSS and heap must not grow.
json run_memory_check(const Case& c, const BenchOptions& o, const Image& picture) {
  const auto device = dream::resolve_device(o.device);
  const std::string dtype_name = o.dtypes.front();
  auto model = std::make_shared<dream::Model>(dream::Model::load(c.path, device, dream::resolve_dtype(dtype_name, device)));
  DreamParams p = bench_params(c, dtype_name, o);
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
      malloc_trim(0);  // free()d memory back to the system, so RSS shows what is really held
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

// One tiled step on a big picture: memory is bounded by the tile, not the picture.
json run_big(const Case& c, const BenchOptions& o, const Image& picture) {
  const auto device = dream::resolve_device(o.device);
  const std::string dtype_name = o.dtypes.front();
  const bool hwm_reset = reset_peak_rss();
  auto model = std::make_shared<dream::Model>(dream::Model::load(c.path, device, dream::resolve_dtype(dtype_name, device)));
  DreamParams p = bench_params(c, dtype_name, o);
  p.tile = o.tile > 0 ? o.tile : 512;
  p.jitter = 32;
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

// ---- output

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void print_machine(const json& m) {
  std::cout << "machine: " << m["cpu"].get<std::string>() << ", " << m["cores"] << " cores; threads " << m["threads"]
            << " (interop " << m["interop_threads"] << "); LibTorch " << m["libtorch"].get<std::string>() << ", oneDNN "
            << m["onednn"].get<std::string>() << "; livedream " << m["livedream"].get<std::string>() << "; device "
            << m["device"].get<std::string>() << "; load average " << fixed(m["load_average"].get<double>(), 2) << "\n";
}

void print_cases(const json& cases) {
  std::printf("%-24s %-13s %5s %-8s %8s %9s %15s %7s %7s %6s %6s %6s %8s\n", "model", "layer", "size", "dtype", "steps/s",
              "median ms", "min..max ms", "fwd", "bwd", "upd", "other", "frame", "peak MiB");
  for (const auto& r : cases) {
    const auto& s = r["step"];
    const std::string range = fixed(s["min_ms"].get<double>(), 1) + ".." + fixed(s["max_ms"].get<double>(), 1);
    std::printf("%-24s %-13s %5d %-8s %8.2f %9.1f %15s %7.1f %7.1f %6.1f %6.1f %6.1f %8.0f\n",
                r["model"].get<std::string>().c_str(), r["layer"].get<std::string>().c_str(), r["width"].get<int>(),
                r["dtype"].get<std::string>().c_str(), r["steps_per_s"].get<double>(), s["median_ms"].get<double>(),
                range.c_str(), r["forward_ms"].get<double>(), r["backward_ms"].get<double>(), r["update_ms"].get<double>(),
                r["other_ms"].get<double>(), r["frame_rgba8_ms"].get<double>(), r["peak_rss_mib"].get<double>());
  }
}

int run_bench(const BenchOptions& o) {
  if (o.threads > 0) at::set_num_threads(o.threads);
  if (o.warmup < 0 || o.reps < 1) throw usage_error("--reps must be at least 1 and --warmup at least 0", "e.g. --warmup 3 --reps 10");
  for (int s : o.sizes)
    if (s < 16 || s > kMaxImageSide) throw usage_error("--sizes: " + std::to_string(s) + " px is out of range", "use sizes from 64 to 16384");
  const auto cases = resolve_cases(o);
  const Image picture = base_image(o);
  const auto device = dream::resolve_device(o.device);
  json out;
  out["machine"] = machine_json(device.str());
  out["command"] = "livedream bench";
  if (!o.json) print_machine(out["machine"]);

  if (o.memory_check > 0) {
    out["memory_check"] = run_memory_check(cases.front(), o, picture);
    const auto& m = out["memory_check"];
    if (!o.json)
      std::cout << "memory check: " << m["steps"] << " steps of " << m["model"].get<std::string>() << " "
                << m["layer"].get<std::string>() << " at " << m["size"] << " px (" << m["settings"].get<std::string>() << ") in "
                << fixed(m["seconds"].get<double>(), 1) << " s: RSS " << fixed(m["rss_mib"].front().get<double>(), 1) << " -> "
                << fixed(m["rss_mib"].back().get<double>(), 1) << " MiB (second half "
                << fixed(m["rss_growth_second_half_mib"].get<double>(), 2) << "), heap in use "
                << fixed(m["heap_in_use_mib"].front().get<double>(), 2) << " -> "
                << fixed(m["heap_in_use_mib"].back().get<double>(), 2) << " MiB (second half "
                << fixed(m["heap_growth_second_half_mib"].get<double>(), 3) << ")\n";
  } else if (o.big > 0) {
    out["big"] = run_big(cases.front(), o, picture);
    const auto& b = out["big"];
    if (!o.json)
      std::cout << "big: " << b["model"].get<std::string>() << " " << b["layer"].get<std::string>() << " " << b["width"] << "x"
                << b["height"] << " tiled " << b["tile"] << ", " << b["dtype"].get<std::string>() << ": "
                << fixed(b["step"]["median_ms"].get<double>(), 0) << " ms a step, peak RSS "
                << fixed(b["peak_rss_mib"].get<double>(), 0) << " MiB\n";
  } else {
    json results = json::array();
    for (const auto& c : cases)
      for (const auto& dtype : o.dtypes)
        for (int size : o.sizes) {
          results.push_back(run_case(c, size, dtype, o, picture));
          if (!o.json) {
            print_cases(json::array({results.back()}));
            std::fflush(stdout);
          }
        }
    out["cases"] = results;
    if (!o.json) {
      std::cout << "\n";
      print_cases(results);
      std::cout << "steps/s from the median step; fwd/bwd/upd/other: median ms; frame: dream -> RGBA8 ms; peak: RSS "
                   "high-water mark during the case\n";
    }
  }
  if (o.json) std::cout << out.dump() << "\n";
  return 0;
}

std::vector<std::string> split_commas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::stringstream ss(item);
    std::string part;
    while (std::getline(ss, part, ','))
      if (!part.empty()) out.push_back(part);
  }
  return out;
}

}  // namespace

void add_bench_command(CLI::App& root, Action& selected) {
  auto* cmd = root.add_subcommand("bench", "Measure dreaming speed and memory (steps/s, forward/backward/update split, peak RSS)");
  auto o = std::make_shared<BenchOptions>();
  auto cases = std::make_shared<std::vector<std::string>>();
  auto sizes = std::make_shared<std::vector<std::string>>();
  auto dtypes = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--case", *cases,
                  "MODEL.pt:LAYER, repeatable (default googlenet_bvlc.pt:inception_4c and squeezenet1_1_caffe.pt:fire5)");
  cmd->add_option("--models-dir", o->models_dir, "where the --case models are (default $LIVEDREAM_SHARED/models or ../shared/models)");
  cmd->add_option("--sizes", *sizes, "square picture sizes in px, comma-separated (default 224,512,1024)");
  cmd->add_option("--dtype", *dtypes, "float32, bfloat16, float16 (CUDA), float64; comma-separated for several");
  cmd->add_option("--device", o->device, "cpu, cuda or auto (default cpu)");
  cmd->add_option("--threads", o->threads, "intra-op threads (default: LibTorch's, one per core)");
  cmd->add_option("--warmup", o->warmup, "untimed steps first (default 3)");
  cmd->add_option("--reps", o->reps, "timed steps (default 10)");
  cmd->add_option("--tile", o->tile, "tile size; 0 = the whole picture at once (default 0; --big uses 512)");
  cmd->add_option("--jitter", o->jitter, "roll jitter in px (default 0)");
  cmd->add_option("--image", o->image, "picture to dream on (default ../shared/images/sky.jpg, else procedural clouds)");
  cmd->add_option("--memory-check", o->memory_check, "instead: N steps of an endless dream, sampling RSS and the heap");
  cmd->add_option("--memory-size", o->memory_size, "picture size for --memory-check (default 128)");
  cmd->add_option("--big", o->big, "instead: tiled steps on an N x N picture, reporting peak RSS");
  cmd->add_flag("--json", o->json, "one JSON object on stdout instead of the table");
  cmd->callback([&selected, o, cases, sizes, dtypes] {
    o->cases = *cases;
    if (!sizes->empty()) {
      o->sizes.clear();
      for (const auto& s : split_commas(*sizes)) {
        try {
          o->sizes.push_back(std::stoi(s));
        } catch (const std::exception&) {
          throw usage_error("--sizes: '" + s + "' is not a number", "e.g. --sizes 224,512");
        }
      }
    }
    if (!dtypes->empty()) o->dtypes = split_commas(*dtypes);
    selected = [o] { return run_bench(*o); };
  });
}

}  // namespace livedream::app
