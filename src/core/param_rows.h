// The rows of the parameter table (param_rows.cpp), made once by table() in param_table.cpp.
#pragma once
#include <vector>

#include "core/param_table.h"

namespace livedream::param {

std::vector<Row> make_rows();

}  // namespace livedream::param
