#include "app/dream_options.h"

#include <CLI/CLI.hpp>

#include <cctype>

#include "core/image.h"
#include "core/param_table.h"

namespace livedream::app {
namespace {
std::string upper_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}
}  // namespace

void DreamOptions::add_to(CLI::App& app, const std::string& group) {
  auto* preset = app.add_option("--preset", preset_,
                                "Start from a preset: a built-in NAME (classic, tutorial, ... in assets/presets) or a JSON FILE; "
                                "options given here override it")
                     ->group(group);
  auto* params_from = app.add_option("--params-from", params_from_,
                                     "Start from the parameters stored in a PNG livedream wrote (reproduces that dream); "
                                     "options given here override them")
                          ->group(group);
  preset->excludes(params_from);
  params_from->excludes(preset);

  // One option per row of the parameter table that has a flag. Each parses into its own slot and
  // is applied by resolve() only when given, over a preset; the help shows DreamParams' defaults.
  const auto& rows = param::table();
  given_.clear();
  given_.reserve(rows.size());  // the options keep pointers into given_
  for (const param::Row& row : rows) {
    if (row.flag.empty()) continue;
    Given& g = given_.emplace_back();
    g.row = &row;
    const std::string& help = row.help.empty() ? upper_first(row.what) : row.help;
    g.option = row.is_number() ? app.add_option(row.flag, g.number, help) : app.add_option(row.flag, g.value.text, help);
    g.option->group(row.group.empty() ? group : row.group);
    if (row.kind == param::Kind::Whole) g.option->type_name("INT");  // parsed as a number; the table checks it is whole
    if (const std::string shown = row.default_text(); !shown.empty()) g.option->default_str(shown);
  }
}

bool DreamOptions::any_given() const {
  for (const auto& g : given_)
    if (g.option->count() > 0) return true;
  return false;
}

DreamParams DreamOptions::resolve(const DreamParams& defaults) const {
  DreamParams params = defaults;
  if (!preset_.empty()) params = load_preset(preset_, params);
  if (!params_from_.empty()) params = params_from_png(params_from_, params);
  for (const Given& g : given_) {
    if (g.option->count() == 0) continue;
    param::Value value = g.value;
    value.number = g.number;
    param::set(*g.row, params, 0, value, g.row->flag);
  }
  validate(params);
  return params;
}

}  // namespace livedream::app
