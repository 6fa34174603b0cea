// A pretrained network that follows the livedream model contract (models/README.md):
// TorchScript with extract(x, layers), layer_names and the input description attributes.
#pragma once
#include <torch/script.h>

#include <string>
#include <vector>

namespace livedream::dream {

// How the network wants its input: channel order, value range, per-channel mean and std (both in
// the model's channel order and units). x_model = (pixel/255 * range - mean) / std, reordered.
struct InputConvention {
  bool bgr = true;
  float range = 255.0f;
  std::vector<float> mean = {104.0f, 117.0f, 123.0f};
  std::vector<float> std = {1.0f, 1.0f, 1.0f};
};

struct LayerInfo {
  std::string name;
  int64_t channels = 0;
  int64_t stride = 0;  // input pixels per activation pixel
};

class Model {
 public:
  // Loads and checks the contract; throws livedream::Error naming the file and what is wrong.
  // On the CPU the network is made faster without changing what it computes (dream/fast_ops.h):
  // a fused LRN kernel, a faster input gradient for the first strided convolution and a leaner
  // max pooling are swapped into its TorchScript, and float32/bfloat16 activations are kept channels-last (oneDNN's
  // native layout). bfloat16 on the CPU converts the network (every op in bfloat16, which the
  // fused LRN makes possible); a network that cannot run so falls back to autocast. For
  // measurements, LIVEDREAM_SPEEDUPS=none (or a list of -lrn, -conv, -pool, -channels-last, -convert)
  // turns these off. float16 (any device) computes LRN in float32 (its squares overflow) and takes
  // float32 input; on float16 and bfloat16 the convolution weights are channels-last like the
  // activations.
  static Model load(const std::string& path, const torch::Device& device = torch::kCPU, torch::ScalarType dtype = torch::kFloat32);

  const std::string& path() const { return path_; }
  const std::string& sha256() const { return sha256_; }
  const std::vector<std::string>& layer_names() const { return layer_names_; }
  const InputConvention& input() const { return input_; }
  const torch::Device& device() const { return device_; }
  // The precision the network computes in.
  torch::ScalarType dtype() const { return dtype_; }
  // The dtype extract() wants its input in: dtype(), except for float16 and for bfloat16 on the
  // CPU, where extract() takes float32 and converts it itself (or the network runs under autocast).
  torch::ScalarType input_dtype() const { return autocast_ || cast_input_ ? torch::kFloat32 : dtype_; }
  // What load() did to make the network fast (for reports).
  const std::string& speedups() const { return speedups_; }

  bool has_layer(const std::string& name) const;
  int layer_index(const std::string& name) const;  // -1 if absent

  // Activations of `layers`, in that order, computing only up to the deepest one (the model's
  // extract method truncates the network).
  std::vector<torch::Tensor> extract(const torch::Tensor& x, const std::vector<std::string>& layers);

  // The classifier's logits (N, classes) before the softmax: the model's classify method, which
  // runs the whole network. Throws livedream::Error (usage) when the model has no classifier.
  torch::Tensor classify(const torch::Tensor& x);
  // The classifier's class names (ImageNet synset words, e.g. "tabby, tabby cat"); empty when the
  // model has no classify method or class_names attribute.
  const std::vector<std::string>& class_names() const { return class_names_; }

  // Channel count and stride of each layer: from the model's layer_channels/layer_strides
  // attributes when present, else measured once with a 224x224 probe forward pass.
  const std::vector<LayerInfo>& layer_info();
  // Stride of `layer` w.r.t. the input (1 if unknown).
  int64_t layer_stride(const std::string& layer);

  // Smallest height and width the network accepts: the model's min_input_size attribute, else 64.
  int64_t min_input_size() const { return min_input_size_; }

  // Converts an RGB8 image tensor (H, W, 3, uint8) or a [-1,1] RGB tensor to the model's input.
  torch::Tensor from_unit(const torch::Tensor& rgb_unit) const;  // rgb in [-1,1], NCHW -> model input

  torch::jit::Module& module() { return module_; }

 private:
  Model() = default;
  torch::jit::Module module_;
  std::string path_, sha256_;
  std::vector<std::string> layer_names_;
  std::vector<LayerInfo> layer_info_;
  std::vector<std::string> class_names_;  // empty: no classifier
  InputConvention input_;
  torch::Device device_ = torch::kCPU;
  torch::ScalarType dtype_ = torch::kFloat32;
  bool autocast_ = false;
  bool cast_input_ = false;     // extract() converts its float32 input to dtype_
  bool channels_last_ = false;  // extract() gives the network channels-last input
  std::string speedups_;
  int64_t min_input_size_ = 64;
  torch::Tensor mean_, inv_std_;  // (1,3,1,1) on device, model channel order
};

}  // namespace livedream::dream
