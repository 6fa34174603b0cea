// The bench's human-readable output (without --json): the machine line, the table of cases and
// one line each for the memory check and the big picture. It reads the JSON the runners return,
// so the table and `--json` always show the same numbers.
#pragma once
#include <nlohmann/json_fwd.hpp>  // declarations only: the .cpp files include json.hpp

namespace livedream::app::bench {

void print_machine(const nlohmann::json& machine);
// A header line and one row per case (run_case results).
void print_cases(const nlohmann::json& cases);
// What the columns of print_cases mean, after the final table.
void print_cases_legend();
void print_memory_check(const nlohmann::json& memory_check);
void print_big(const nlohmann::json& big);

}  // namespace livedream::app::bench
