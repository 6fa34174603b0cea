// --change-at STEP:WHAT, parsed up front: a step and a JSON object of parameters, or reset; anything
// else is a one-line usage error naming the option.
#include <string>

#include "core/dream_params.h"
#include "core/error.h"
#include "support/catch.h"
#include "viewer/scripted_change.h"

using namespace livedream;
using namespace livedream::viewer;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_scripted_change(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}
}  // namespace

TEST_CASE("scripted changes: a step with parameters or reset") {
  const ScriptedChange c = parse_scripted_change("12:{\"step_size\":0.05,\"layers\":\"inception_3b\"}");
  CHECK(c.step == 12);
  CHECK_FALSE(c.reset);
  const DreamParams p = params_from_json(c.params);
  CHECK(p.step_size == 0.05f);
  CHECK(p.layers.at(0).layer == "inception_3b");
  const ScriptedChange r = parse_scripted_change("0:reset");
  CHECK(r.step == 0);
  CHECK(r.reset);
}

TEST_CASE("scripted changes: bad steps, bad JSON and bad parameters are one-line errors naming --change-at") {
  for (const std::string bad : {"{\"zoom\":1.1}", "x:reset", "-3:reset", "5:resett", "5:{\"zoom\":", "5:{\"no_such_key\":1}",
                                "5:{\"step_size\":-1}", "9999999999999:reset"}) {
    INFO(bad);
    const std::string what = error_of(bad);
    CHECK(what != "accepted");
    CHECK(what.find("--change-at") != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
}
