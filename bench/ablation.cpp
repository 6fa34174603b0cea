// livedream_ablation: times one gradient step (truncated forward + gradient w.r.t. the input) of a
// contract model under each speed-up variant, so each idea is measured on its own. Used to decide
// what the engine keeps (bench/RESULTS.md); not part of the product.
//
//   livedream_ablation MODEL LAYER SIZE [THREADS] [REPS] [VARIANT...]
//
// Variants "model" and "model-bf16" go through dream::Model::load, as the engine does: set
// LIVEDREAM_SPEEDUPS to choose its speed-ups. Prints, per variant, the median and minimum wall time and the CPU time per step, and the
// largest deviation of the activation and gradient from the unmodified float32 model.
#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_kineto.h>

#include <cstdlib>
#include <functional>
#include <map>

#include "dream/fast_ops.h"
#include "dream/model.h"

namespace {

struct Variant {
  std::string name;
  bool fast_lrn = false, channels_last = false, cl_weights = false, autocast = false, bf16 = false, fast_conv = false;
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Self time per operator over the profiled steps, from the Kineto events (nesting per thread).
void print_profile(const torch::autograd::profiler::ProfilerResult& result, int steps) {
  struct Ev {
    uint64_t start, end, tid;
    std::string name;
  };
  std::vector<Ev> evs;
  for (const auto& e : result.events())
    if (e.deviceType() == c10::DeviceType::CPU && e.durationNs() > 0) evs.push_back({e.startNs(), e.endNs(), e.startThreadId(), e.name()});
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) {
    return a.tid != b.tid ? a.tid < b.tid : a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::map<std::string, double> self;
  std::vector<size_t> stack;
  std::vector<double> child(evs.size(), 0.0);
  auto pop = [&] {
    const size_t i = stack.back();
    stack.pop_back();
    const double dur = static_cast<double>(evs[i].end - evs[i].start);
    self[evs[i].name] += dur - child[i];
    if (!stack.empty()) child[stack.back()] += dur;
  };
  for (size_t i = 0; i < evs.size(); ++i) {
    while (!stack.empty() && (evs[stack.back()].tid != evs[i].tid || evs[stack.back()].end <= evs[i].start)) pop();
    stack.push_back(i);
  }
  while (!stack.empty()) pop();
  std::vector<std::pair<double, std::string>> rows;
  double total = 0;
  for (const auto& [name, ns] : self) {
    rows.push_back({ns, name});
    total += ns;
  }
  std::sort(rows.rbegin(), rows.rend());
  for (size_t i = 0; i < rows.size() && i < 22; ++i)
    std::printf("    %-60.60s %8.2f ms/step %5.1f%%\n", rows[i].second.c_str(), rows[i].first / 1e6 / steps, 100.0 * rows[i].first / total);
}

struct Result {
  double median_ms, min_ms, cpu_ms;
  torch::Tensor act, grad;
};

// 3 warm-up steps, then `reps` timed ones (wall median and minimum, CPU time per step); with
// LIVEDREAM_ABLATION_PROFILE set, two more under the profiler, printed.
void time_steps(const std::function<void()>& step, int reps, Result& r) {
  for (int i = 0; i < 3; ++i) step();
  std::vector<double> wall;
  const double cpu0 = cpu_seconds();
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    step();
    wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  r.cpu_ms = (cpu_seconds() - cpu0) * 1000.0 / reps;
  if (std::getenv("LIVEDREAM_ABLATION_PROFILE")) {
    using namespace torch::autograd::profiler;
    const torch::profiler::impl::ProfilerConfig config(torch::profiler::impl::ProfilerState::KINETO);
    const std::set<torch::profiler::impl::ActivityType> cpu_only{torch::profiler::impl::ActivityType::CPU};
    prepareProfiler(config, cpu_only);
    enableProfiler(config, cpu_only);
    for (int i = 0; i < 2; ++i) step();
    print_profile(*disableProfiler(), 2);
  }
  std::sort(wall.begin(), wall.end());
  r.median_ms = wall[wall.size() / 2];
  r.min_ms = wall.front();
}

// The production path: dream::Model as the engine loads it (LIVEDREAM_SPEEDUPS picks the speed-ups).
Result run_model(const std::string& path, const std::string& layer, const torch::Tensor& image, bool bf16, int reps);

Result run(const std::string& path, const std::string& layer, const torch::Tensor& image, const Variant& v, int reps) {
  if (v.name == "model") return run_model(path, layer, image, false, reps);
  if (v.name == "model-bf16") return run_model(path, layer, image, true, reps);
  auto m = torch::jit::load(path);
  for (auto p : m.parameters()) p.set_requires_grad(false);
  m.eval();
  if (v.fast_lrn) livedream::dream::use_fast_lrn(m);
  if (v.fast_conv) livedream::dream::use_fast_conv(m);
  if (v.bf16) m.to(torch::kBFloat16);
  if (v.cl_weights) livedream::dream::weights_to_channels_last(m);
  c10::List<std::string> layers;
  layers.push_back(layer);
  auto method = m.get_method("extract");
  Result r{};
  auto step = [&] {
    auto x = image.clone().requires_grad_(true);
    auto in = v.bf16 ? x.to(torch::kBFloat16) : x;
    if (v.channels_last) in = in.contiguous(torch::MemoryFormat::ChannelsLast);
    at::autocast::set_autocast_enabled(at::kCPU, v.autocast);
    if (v.autocast) at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
    auto act = method({in * 127.5, layers}).toTensorVector()[0];
    at::autocast::set_autocast_enabled(at::kCPU, false);
    at::autocast::clear_cache();
    auto loss = act.to(torch::kFloat32).mean();
    auto g = torch::autograd::grad({loss}, {x})[0];
    r.act = act.detach().to(torch::kFloat32).contiguous();
    r.grad = g.contiguous();
  };
  time_steps(step, reps, r);
  return r;
}

Result run_model(const std::string& path, const std::string& layer, const torch::Tensor& image, bool bf16, int reps) {
  auto model = livedream::dream::Model::load(path, torch::kCPU, bf16 ? torch::kBFloat16 : torch::kFloat32);
  std::printf("  (model speed-ups: %s)\n", model.speedups().c_str());
  Result r{};
  auto step = [&] {
    auto x = image.clone().to(model.input_dtype()).requires_grad_(true);
    auto act = model.extract(model.from_unit(x), {layer})[0];
    auto loss = act.to(torch::kFloat32).mean();
    auto g = torch::autograd::grad({loss}, {x})[0];
    r.act = act.detach().to(torch::kFloat32).contiguous();
    r.grad = g.to(torch::kFloat32).contiguous();
  };
  time_steps(step, reps, r);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s MODEL LAYER SIZE [THREADS] [REPS] [VARIANT...]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1], layer = argv[2];
  const int size = std::stoi(argv[3]);
  const int threads = argc > 4 ? std::stoi(argv[4]) : 2;
  const int reps = argc > 5 ? std::stoi(argv[5]) : 5;
  at::set_num_threads(threads);
  const std::vector<Variant> all = {
      {"orig", false, false, false, false, false},
      {"orig-cl", false, true, false, false, false},
      {"lrn", true, false, false, false, false},
      {"lrn-cl", true, true, false, false, false},
      {"lrn-cl-w", true, true, true, false, false},
      {"autocast", false, false, false, true, false},
      {"autocast-cl", false, true, false, true, false},
      {"lrn-autocast-cl", true, true, false, true, false},
      {"bf16", true, false, false, false, true},
      {"bf16-cl", true, true, false, false, true},
      {"bf16-cl-w", true, true, true, false, true},
      {"lrn-cl-conv", true, true, false, false, false, true},
      {"bf16-cl-conv", true, true, false, false, true, true},
      {"lrn-conv", true, false, false, false, false, true},
      {"model"},
      {"model-bf16"},
  };
  std::vector<std::string> wanted;
  for (int i = 6; i < argc; ++i) wanted.push_back(argv[i]);
  torch::manual_seed(1);
  const auto image = torch::rand({1, 3, size, size}) * 2 - 1;
  Result base{};
  bool have_base = false;
  std::printf("%-18s %9s %9s %9s %10s %10s %10s\n", "variant", "median", "min", "cpu", "act dev", "grad dev", "grad l2");
  for (const auto& v : all) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), v.name) == wanted.end()) continue;
    const auto r = run(path, layer, image, v, reps);
    if (!have_base) {
      base = r;
      have_base = true;
    }
    const double act_dev = ((r.act - base.act).abs().max() / base.act.abs().max()).item<double>();
    const double grad_dev = ((r.grad - base.grad).abs().max() / base.grad.abs().max()).item<double>();
    const double grad_l2 = ((r.grad - base.grad).norm() / base.grad.norm()).item<double>();
    std::printf("%-18s %7.1fms %7.1fms %7.1fms %10.2e %10.2e %10.2e\n", v.name.c_str(), r.median_ms, r.min_ms, r.cpu_ms, act_dev, grad_dev,
                grad_l2);
    std::fflush(stdout);
  }
  return 0;
}
