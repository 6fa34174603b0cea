#include "ui/ui_terms.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "core/param_table.h"

namespace livedream::ui {

namespace {
// The parameter table's flags and labels, longest flag first, so --octave-scale is not taken for
// --octaves.
std::vector<std::pair<std::string, std::string>> controls() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const param::Row& row : param::table())
    if (!row.flag.empty()) out.emplace_back(row.flag, row.label);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return out;
}
}  // namespace

std::string in_ui_terms(std::string message) {
  static const auto kControls = controls();
  for (const auto& [f, label] : kControls) {
    for (size_t at = message.find(f); at != std::string::npos; at = message.find(f, at)) {
      const size_t end = at + f.size();
      // Whole flags only (--steps is not the start of --steps-per-frame).
      if (end < message.size() && (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-')) {
        at = end;
        continue;
      }
      message.replace(at, f.size(), label);
      at += label.size();
    }
  }
  return message;
}

}  // namespace livedream::ui
