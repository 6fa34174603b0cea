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
//
// The parts: bench/bench_inputs (cases and picture), bench/bench_runners (the measurements),
// bench/statistics, bench/memory_probes, bench/machine_facts and bench/bench_report (the table).
#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/bench/bench_inputs.h"
#include "app/bench/bench_options.h"
#include "app/bench/bench_report.h"
#include "app/bench/bench_runners.h"
#include "app/bench/machine_facts.h"
#include "app/commands.h"
#include "core/error.h"
#include "core/image.h"
#include "dream/device.h"

namespace livedream::app {
namespace {
using bench::BenchOptions;
using json = nlohmann::json;

int run_bench(const BenchOptions& o) {
  if (o.threads > 0) at::set_num_threads(o.threads);
  if (o.warmup < 0 || o.reps < 1) throw usage_error("--reps must be at least 1 and --warmup at least 0", "e.g. --warmup 3 --reps 10");
  if (o.pipelined < 0) throw usage_error("--pipelined must be 0 or more", "e.g. --pipelined 50");
  for (const auto& s : o.sizes)
    for (int side : {s.width, s.height})
      if (side < 16 || side > kMaxImageSide)
        throw usage_error("--sizes: " + std::to_string(side) + " px is out of range", "use sizes from 64 to 16384");
  const auto cases = bench::resolve_cases(o);
  const Image picture = bench::base_image(o);
  const auto device = dream::resolve_device(o.device);
  json out;
  out["machine"] = bench::machine_json(device.str());
  out["command"] = "livedream bench";
  if (!o.json) bench::print_machine(out["machine"]);

  if (o.memory_check > 0) {
    out["memory_check"] = bench::run_memory_check(cases.front(), o, picture);
    if (!o.json) bench::print_memory_check(out["memory_check"]);
  } else if (o.big > 0) {
    out["big"] = bench::run_big(cases.front(), o, picture);
    if (!o.json) bench::print_big(out["big"]);
  } else {
    json results = json::array();
    for (const auto& c : cases)
      for (const auto& dtype : o.dtypes)
        for (const auto& size : o.sizes)
          for (const bool graphs : o.graphs) {
            results.push_back(bench::run_case(c, size, dtype, graphs, o, picture));
            if (!o.json) {
              bench::print_cases(json::array({results.back()}));
              std::fflush(stdout);
            }
          }
    out["cases"] = results;
    if (!o.json) {
      std::cout << "\n";
      bench::print_cases(results);
      bench::print_cases_legend();
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

// "512" (square) or "1920x1080".
bench::BenchSize parse_bench_size(const std::string& text) {
  const auto x = text.find('x');
  try {
    size_t used = 0;
    bench::BenchSize s;
    if (x == std::string::npos) {
      s.width = s.height = std::stoi(text, &used);
      if (used == text.size()) return s;
    } else {
      s.width = std::stoi(text.substr(0, x), &used);
      size_t used_h = 0;
      s.height = std::stoi(text.substr(x + 1), &used_h);
      if (used == x && used_h == text.size() - x - 1) return s;
    }
  } catch (const std::exception&) {
  }
  throw usage_error("--sizes: '" + text + "' is not a size", "use N or WxH, e.g. --sizes 512,1920x1080");
}

}  // namespace

void add_bench_command(CLI::App& root, Action& selected) {
  auto* cmd = root.add_subcommand("bench", "Measure dreaming speed and memory (steps/s, forward/backward/update split, peak RSS)");
  auto o = std::make_shared<BenchOptions>();
  auto cases = std::make_shared<std::vector<std::string>>();
  auto sizes = std::make_shared<std::vector<std::string>>();
  auto dtypes = std::make_shared<std::vector<std::string>>();
  auto graphs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--case", *cases, "MODEL.pt:LAYER, repeatable (default googlenet_bvlc.pt:inception_4c and squeezenet1_1_caffe.pt:fire5)");
  cmd->add_option("--models-dir", o->models_dir,
                  "where the --case models are (default: the models folders every command searches, ../shared/models among them)");
  cmd->add_option("--sizes", *sizes, "picture sizes, N (square) or WxH, comma-separated (default 224,512,1024; e.g. 512,1920x1080)");
  cmd->add_option("--dtype", *dtypes, "float32, bfloat16, float16 (CUDA; slow on the CPU), float64; comma-separated for several");
  cmd->add_option("--device", o->device, "cpu, cuda or auto (default cpu)");
  cmd->add_option("--threads", o->threads, "intra-op threads (default: LibTorch's, one per core)");
  cmd->add_option("--warmup", o->warmup, "untimed steps first (default 3)");
  cmd->add_option("--reps", o->reps, "timed steps (default 10)");
  cmd->add_option("--graphs", *graphs, "CUDA graphs: off, on or off,on (each a case; default off)");
  cmd->add_option("--pipelined", o->pipelined,
                  "steps timed back to back with one sync at the end: throughput (default: as many as --reps)");
  cmd->add_option("--tile", o->tile, "tile size; 0 = the whole picture at once (default 0; --big uses 512)");
  cmd->add_option("--jitter", o->jitter, "roll jitter in px (default 0)");
  cmd->add_option("--image", o->image, "picture to dream on (default ../shared/images/sky.jpg, else procedural clouds)");
  cmd->add_option("--memory-check", o->memory_check, "instead: N steps of an endless dream, sampling RSS and the heap");
  cmd->add_option("--memory-size", o->memory_size, "picture size for --memory-check (default 128)");
  cmd->add_option("--big", o->big, "instead: tiled steps on an N x N picture, reporting peak RSS");
  cmd->add_flag("--json", o->json, "one JSON object on stdout instead of the table");
  cmd->callback([&selected, o, cases, sizes, dtypes, graphs] {
    o->cases = *cases;
    if (!sizes->empty()) {
      o->sizes.clear();
      for (const auto& s : split_commas(*sizes)) o->sizes.push_back(parse_bench_size(s));
    }
    if (!graphs->empty()) {
      o->graphs.clear();
      for (const auto& g : split_commas(*graphs)) {
        if (g != "on" && g != "off") throw usage_error("--graphs: '" + g + "' is not on or off", "e.g. --graphs off,on");
        o->graphs.push_back(g == "on");
      }
    }
    if (!dtypes->empty()) o->dtypes = split_commas(*dtypes);
    selected = [o] { return run_bench(*o); };
  });
}

}  // namespace livedream::app
