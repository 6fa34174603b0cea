// The TorchScript rewrites that make a loaded model call the fast operators (registration.h), and
// the channels-last weights: see dream/fast_ops.h.
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>

#include <functional>
#include <vector>

#include "dream/fast_ops.h"
#include "dream/ops/registration.h"

namespace livedream::dream {
namespace {

// Every node of a graph, nested blocks included.
void for_each_node(torch::jit::Block* block, const std::function<void(torch::jit::Node*)>& visit) {
  for (auto* node : block->nodes()) {
    for (auto* inner : node->blocks()) for_each_node(inner, visit);
    visit(node);
  }
}

// Replaces every node that `matches` accepts, in every TorchScript function of the module, with a
// call of `ours` on the same inputs. Returns how many nodes it replaced.
int replace_nodes(torch::jit::Module& module, c10::Symbol ours, const std::function<bool(torch::jit::Node*)>& matches) {
  int replaced = 0;
  for (torch::jit::Function* fn : module._ivalue()->compilation_unit()->get_functions()) {
    auto* graph_fn = dynamic_cast<torch::jit::GraphFunction*>(fn);
    if (!graph_fn) continue;
    auto graph = graph_fn->graph();
    std::vector<torch::jit::Node*> found;  // collected first: replacing while walking would skip nodes
    for_each_node(graph->block(), [&](torch::jit::Node* node) {
      if (matches(node)) found.push_back(node);
    });
    for (auto* node : found) {
      torch::jit::WithInsertPoint guard(node);
      std::vector<torch::jit::NamedValue> args(node->inputs().begin(), node->inputs().end());
      auto* out = graph->insert(ours, args);
      node->output()->replaceAllUsesWith(out);
      node->destroy();
      ++replaced;
    }
  }
  return replaced;
}

}  // namespace

int use_fast_conv(torch::jit::Module& module) {
  static const auto conv2d = c10::Symbol::fromQualString("aten::conv2d");
  // conv2d(input, weight, bias, stride: int[], padding: int[], dilation: int[], groups: int)
  return replace_nodes(module, ops::conv2d_symbol(), [](torch::jit::Node* node) {
    return node->kind() == conv2d && node->inputs().size() == 7 && node->inputs()[4]->type()->kind() == c10::TypeKind::ListType;
  });
}

int use_fast_lrn(torch::jit::Module& module) {
  auto cu = module._ivalue()->compilation_unit();
  int patched = 0;
  for (torch::jit::Function* fn : cu->get_functions()) {
    if (fn->qualname().name() != "local_response_norm") continue;
    auto* graph_fn = dynamic_cast<torch::jit::GraphFunction*>(fn);
    if (!graph_fn) continue;
    auto graph = graph_fn->graph();
    const auto inputs = graph->inputs();
    // local_response_norm(input: Tensor, size: int, alpha: float, beta: float, k: float) -> Tensor
    if (inputs.size() != 5 || graph->outputs().size() != 1) continue;
    const auto kind = [&](size_t i) { return inputs[i]->type()->kind(); };
    if (kind(0) != c10::TypeKind::TensorType || kind(1) != c10::TypeKind::IntType || kind(2) != c10::TypeKind::FloatType ||
        kind(3) != c10::TypeKind::FloatType || kind(4) != c10::TypeKind::FloatType)
      continue;
    torch::jit::WithInsertPoint guard(graph->return_node());
    auto* out = graph->insert(ops::lrn_symbol(), {inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]});
    graph->return_node()->replaceInput(0, out);
    torch::jit::EliminateDeadCode(graph);
    ++patched;
  }
  return patched;
}

int use_fast_max_pool(torch::jit::Module& module) {
  static const auto pool = c10::Symbol::fromQualString("aten::max_pool2d");
  return replace_nodes(module, ops::max_pool2d_symbol(), [](torch::jit::Node* node) {
    return node->kind() == pool && node->inputs().size() == 6 && node->outputs().size() == 1;
  });
}

void weights_to_channels_last(torch::jit::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto p : module.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
}

}  // namespace livedream::dream
