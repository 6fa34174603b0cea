#include "ui/ui_terms.h"

#include <cctype>
#include <utility>

namespace livedream::ui {

std::string in_ui_terms(std::string message) {
  // Longest flags first, so --octave-scale is not taken for --octaves.
  static const std::pair<const char*, const char*> kControls[] = {
      {"--octave-scale", "Octave scale"}, {"--octave-mode", "Octave mode"}, {"--source-blend", "Source blend"},
      {"--step-size", "Step size"},       {"--octaves", "Octaves"},         {"--max-dim", "Resolution"},
      {"--layers", "Layers"},             {"--jitter", "Jitter"},           {"--rotate", "Rotate"},
      {"--pan-x", "Pan x"},               {"--pan-y", "Pan y"},             {"--device", "the model's Device"},
      {"--dtype", "the model's Precision"}, {"--steps", "Steps"},         {"--zoom", "Zoom"},
      {"--tile", "Tiles"},                {"--seed", "Seed"},               {"--loss", "Loss"},
      {"--model", "the Model panel"},     {"--guide", "the Guide panel"},   {"--border", "Border"},
  };
  for (const auto& [flag, label] : kControls) {
    const std::string f = flag;
    for (size_t at = message.find(f); at != std::string::npos; at = message.find(f, at)) {
      const size_t end = at + f.size();
      // Whole flags only (--steps is not the start of --steps-per-frame).
      if (end < message.size() && (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-')) {
        at = end;
        continue;
      }
      message.replace(at, f.size(), label);
      at += std::string(label).size();
    }
  }
  return message;
}

}  // namespace livedream::ui
