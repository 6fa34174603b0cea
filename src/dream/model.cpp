#include "dream/model.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/sha256.h"
#include "dream/fast_ops.h"

namespace livedream::dream {
namespace {

const char* kContractFix = "use a model that follows the contract in models/README.md (e.g. one built by models/export_model.py)";

std::vector<float> float_list(const torch::jit::Module& m, const std::string& path, const char* attr) {
  try {
    std::vector<float> out;
    for (const auto& v : m.attr(attr).toListRef()) out.push_back(static_cast<float>(v.toDouble()));
    if (out.size() != 3) throw std::runtime_error("size");
    return out;
  } catch (const std::exception&) {
    throw runtime_error("model " + path + ": attribute " + attr + " is not a list of 3 numbers", kContractFix);
  }
}

// LIVEDREAM_SPEEDUPS: unset or "all": every speed-up; "none": none; or a comma-separated list
// of the ones to leave out: -lrn, -conv, -pool, -channels-last, -convert.
struct Speedups {
  bool lrn = true, conv = true, pool = true, channels_last = true, convert = true;
};

Speedups speedups_from_env() {
  Speedups s;
  const char* env = std::getenv("LIVEDREAM_SPEEDUPS");
  const std::string text = env ? env : "";
  if (text == "none") return Speedups{false, false, false, false, false};
  auto off = [&](const char* name) { return text.find(std::string("-") + name) != std::string::npos; };
  s.lrn = !off("lrn");
  s.conv = !off("conv");
  s.pool = !off("pool");
  s.channels_last = !off("channels-last");
  s.convert = !off("convert");
  return s;
}

torch::jit::Module load_module(const std::string& path) {
  try {
    return torch::jit::load(path, torch::kCPU);
  } catch (const c10::Error& e) {
    throw runtime_error(
        "model file " + path + " cannot be loaded (truncated or not TorchScript): " + first_line(e.what_without_backtrace()), kContractFix);
  }
}

// Before the module first runs: its TorchScript functions are compiled on first use.
std::string rewrite_for_speed(torch::jit::Module& m, const torch::Device& device, torch::ScalarType dtype, const Speedups& speed) {
  std::string done;
  const bool fused_lrn = device.is_cpu() && speed.lrn;
  // float16 needs livedream::lrn on every device, speed-ups or not: it computes LRN in float32
  // (float16's squares overflow; dream/precision.h).
  if ((fused_lrn || dtype == torch::kFloat16) && use_fast_lrn(m) > 0) done += fused_lrn ? "fused-lrn " : "float32-lrn ";
  if (!device.is_cpu()) return done;
  if (speed.conv && use_fast_conv(m) > 0) done += "s2d-conv-grad ";
  if (speed.pool && use_fast_max_pool(m) > 0) done += "byte-argmax-pool ";
  return done;
}

}  // namespace

Model Model::load(const std::string& path, const torch::Device& device, torch::ScalarType dtype) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty())
    throw runtime_error("no model given and no default model found",
                        "pass --model FILE.pt or run scripts/setup to build models/googlenet_bvlc.pt");
  if (!fs::exists(path, ec))
    throw runtime_error("model file not found: " + path, "pass --model with an existing .pt file or run scripts/setup");
  if (fs::is_directory(path, ec)) throw runtime_error("model path is a folder: " + path, "pass the .pt file itself");
  {
    // TorchScript files are zip archives; checking the magic gives a clearer error than LibTorch's.
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() < 4 || magic[0] != 'P' || magic[1] != 'K')
      throw runtime_error("model file " + path + " is not a TorchScript file", kContractFix);
  }
  Model model;
  model.path_ = path;
  model.module_ = load_module(path);
  auto& m = model.module_;
  if (!m.find_method("extract")) throw runtime_error("model " + path + " has no extract(x, layers) method", kContractFix);
  if (!m.hasattr("layer_names")) throw runtime_error("model " + path + " has no layer_names attribute", kContractFix);
  for (const auto& v : m.attr("layer_names").toListRef()) model.layer_names_.push_back(v.toStringRef());
  if (model.layer_names_.empty()) throw runtime_error("model " + path + " lists no layers", kContractFix);
  for (const char* attr : {"input_channel_order", "input_range", "input_mean_bgr"})
    if (!m.hasattr(attr)) throw runtime_error("model " + path + " has no " + attr + " attribute", kContractFix);

  const std::string order = m.attr("input_channel_order").toStringRef();
  if (order != "BGR" && order != "RGB")
    throw runtime_error("model " + path + ": input_channel_order is '" + order + "', expected BGR or RGB", kContractFix);
  model.input_.bgr = order == "BGR";
  model.input_.range = static_cast<float>(m.attr("input_range").toDouble());
  // Means and stds are stored in BGR order; the tensors below are in the model's own order.
  auto mean_bgr = float_list(m, path, "input_mean_bgr");
  auto std_bgr = m.hasattr("input_std_bgr") ? float_list(m, path, "input_std_bgr") : std::vector<float>{1, 1, 1};
  if (!model.input_.bgr) {
    std::reverse(mean_bgr.begin(), mean_bgr.end());
    std::reverse(std_bgr.begin(), std_bgr.end());
  }
  model.input_.mean = mean_bgr;
  model.input_.std = std_bgr;

  if (m.hasattr("layer_channels") && m.hasattr("layer_strides")) {
    const auto channels = m.attr("layer_channels").toListRef();
    const auto strides = m.attr("layer_strides").toListRef();
    if (channels.size() == model.layer_names_.size() && strides.size() == channels.size())
      for (size_t i = 0; i < channels.size(); ++i)
        model.layer_info_.push_back({model.layer_names_[i], channels[i].toInt(), strides[i].toInt()});
  }

  if (m.find_method("classify") && m.hasattr("class_names"))
    for (const auto& v : m.attr("class_names").toListRef()) model.class_names_.push_back(v.toStringRef());

  if (m.hasattr("min_input_size")) model.min_input_size_ = std::max<int64_t>(1, m.attr("min_input_size").toInt());

  const Speedups speed = speedups_from_env();
  model.speedups_ = rewrite_for_speed(m, device, dtype, speed);
  // Only the image needs a gradient: parameter gradients would double the backward pass's work.
  for (auto p : m.parameters()) p.set_requires_grad(false);
  m.eval();
  const bool cpu_bf16 = dtype == torch::kBFloat16 && device.is_cpu();
  const bool half = dtype == torch::kFloat16 || dtype == torch::kBFloat16;
  // float16 takes float32 input too: the image's units conversion (pixel values up to 255, where
  // float16's spacing is 0.125) and the last step of the input gradient stay in float32.
  model.cast_input_ = (cpu_bf16 && speed.convert) || dtype == torch::kFloat16;
  model.autocast_ = cpu_bf16 && !speed.convert;
  model.device_ = device;
  model.dtype_ = dtype;
  // oneDNN (CPU) and cuDNN's tensor cores (CUDA, half precision) work in channels-last natively.
  model.channels_last_ = speed.channels_last && (half || (device.is_cpu() && dtype == torch::kFloat32));
  m.to(device, model.autocast_ ? torch::kFloat32 : dtype);
  // The weights in the activations' layout, else every convolution reformats its weight at every
  // call (cuDNN on half precision). Before the first run, which TorchScript specialises on strides.
  // float32 keeps its weights as they are: its results are pinned by the reference tests.
  if (model.channels_last_ && half) weights_to_channels_last(m);
  if (cpu_bf16 && model.cast_input_) {
    // Some CPU kernels have no bfloat16 version: a network using one runs under autocast instead.
    try {
      torch::NoGradGuard no_grad;
      const int64_t side = std::max<int64_t>(model.min_input_size_, 64);
      model.extract(torch::zeros({1, 3, side, side}), model.layer_names_);
    } catch (const c10::Error&) {
      model.module_ = load_module(path);
      model.speedups_ = rewrite_for_speed(model.module_, device, dtype, speed);
      for (auto p : model.module_.parameters()) p.set_requires_grad(false);
      model.module_.eval();
      if (model.channels_last_) weights_to_channels_last(model.module_);
      model.cast_input_ = false;
      model.autocast_ = true;
    }
  }
  if (model.cast_input_ && cpu_bf16) model.speedups_ += "bfloat16-network ";
  if (model.autocast_) model.speedups_ += "bfloat16-autocast ";
  if (model.channels_last_) model.speedups_ += half ? "channels-last channels-last-weights " : "channels-last ";
  if (!model.speedups_.empty()) model.speedups_.pop_back();
  const auto opts = torch::TensorOptions().device(device).dtype(model.input_dtype());
  model.mean_ = torch::tensor(model.input_.mean).view({1, 3, 1, 1}).to(opts);
  std::vector<float> inv(3);
  for (int i = 0; i < 3; ++i) inv[i] = 1.0f / model.input_.std[i];
  model.inv_std_ = torch::tensor(inv).view({1, 3, 1, 1}).to(opts);
  model.sha256_ = sha256_file(path);
  return model;
}

bool Model::has_layer(const std::string& name) const { return layer_index(name) >= 0; }

int Model::layer_index(const std::string& name) const {
  auto it = std::find(layer_names_.begin(), layer_names_.end(), name);
  return it == layer_names_.end() ? -1 : static_cast<int>(it - layer_names_.begin());
}

namespace {
// CPU autocast to bfloat16 for the duration of one call, as Python's torch.autocast does it.
class CpuBFloat16Autocast {
 public:
  CpuBFloat16Autocast()
      : was_enabled_(at::autocast::is_autocast_enabled(at::kCPU)), old_dtype_(at::autocast::get_autocast_dtype(at::kCPU)) {
    at::autocast::set_autocast_enabled(at::kCPU, true);
    at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
    at::autocast::increment_nesting();
  }
  ~CpuBFloat16Autocast() {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(at::kCPU, was_enabled_);
    at::autocast::set_autocast_dtype(at::kCPU, old_dtype_);
  }
  CpuBFloat16Autocast(const CpuBFloat16Autocast&) = delete;
  CpuBFloat16Autocast& operator=(const CpuBFloat16Autocast&) = delete;

 private:
  bool was_enabled_;
  at::ScalarType old_dtype_;
};
}  // namespace

std::vector<torch::Tensor> Model::extract(const torch::Tensor& x, const std::vector<std::string>& layers) {
  c10::List<std::string> names;
  for (const auto& l : layers) names.push_back(l);
  if (!autocast_) {
    torch::Tensor in = cast_input_ ? x.to(dtype_) : x;
    if (channels_last_ && in.dim() == 4) in = in.contiguous(torch::MemoryFormat::ChannelsLast);
    return module_.get_method("extract")({in, names}).toTensorVector();
  }
  CpuBFloat16Autocast autocast;
  return module_.get_method("extract")({x, names}).toTensorVector();
}

torch::Tensor Model::classify(const torch::Tensor& x) {
  if (class_names_.empty())
    throw usage_error("model " + path_ + " has no classifier (classify and class_names)",
                      "use a model exported with models/export_model.py, or dream on layers instead of class:NAME");
  if (!autocast_) {
    torch::Tensor in = cast_input_ ? x.to(dtype_) : x;
    if (channels_last_ && in.dim() == 4) in = in.contiguous(torch::MemoryFormat::ChannelsLast);
    return module_.get_method("classify")({in}).toTensor();
  }
  CpuBFloat16Autocast autocast;
  return module_.get_method("classify")({x}).toTensor();
}

const std::vector<LayerInfo>& Model::layer_info() {
  if (!layer_info_.empty()) return layer_info_;
  torch::NoGradGuard no_grad;
  constexpr int64_t kProbe = 224;
  auto x = torch::zeros({1, 3, kProbe, kProbe}, torch::TensorOptions().device(device_).dtype(input_dtype()));
  const auto acts = extract(x, layer_names_);
  for (size_t i = 0; i < acts.size(); ++i) {
    const double ratio = static_cast<double>(kProbe) / static_cast<double>(acts[i].size(3));
    const int64_t stride = int64_t(1) << static_cast<int>(std::lround(std::log2(std::max(1.0, ratio))));
    layer_info_.push_back({layer_names_[i], acts[i].size(1), stride});
  }
  return layer_info_;
}

int64_t Model::layer_stride(const std::string& layer) {
  for (const auto& info : layer_info())
    if (info.name == layer) return std::max<int64_t>(1, info.stride);
  return 1;
}

torch::Tensor Model::from_unit(const torch::Tensor& rgb_unit) const {
  // [-1,1] -> [0, range]; then the model's channel order, mean and std.
  auto x = (rgb_unit + 1.0) * (0.5 * input_.range);
  if (input_.bgr) x = x.flip({1});
  return (x - mean_) * inv_std_;
}

}  // namespace livedream::dream
