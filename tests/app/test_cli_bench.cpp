// `livedream bench` runs and reports its fields. Functional only: a tiny picture, one timed step;
// speed itself is measured by bench/run, never asserted in tests.
#include <nlohmann/json.hpp>

#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream::test;
using json = nlohmann::json;

namespace {

json bench_json(const std::string& args, int& exit_code, std::string& output) {
  const auto r = run_command(shell_quote(livedream_bin()) + " bench --json " + args + " 2>&1");
  exit_code = r.exit_code;
  output = r.output;
  const auto start = r.output.rfind("\n{");
  const std::string text = start == std::string::npos ? r.output : r.output.substr(start + 1);
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace

TEST_CASE("bench --json reports steps/s, the step split, memory and the machine") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  int code = 0;
  std::string output;
  const auto j = bench_json("--case " + shell_quote(model + ":fire5") + " --sizes 64 --warmup 0 --reps 1 --threads 1", code, output);
  INFO(output);
  REQUIRE(code == 0);
  REQUIRE(j.is_object());
  const auto& m = j.at("machine");
  for (const char* key : {"cpu", "cores", "threads", "libtorch", "onednn", "livedream", "device", "load_average"}) CHECK(m.contains(key));
  CHECK(m.at("threads") == 1);
  REQUIRE(j.at("cases").size() == 1);
  const auto& c = j.at("cases")[0];
  CHECK(c.at("model") == "squeezenet1_1_caffe.pt");
  CHECK(c.at("layer") == "fire5");
  CHECK(c.at("width") == 64);
  CHECK(c.at("height") == 64);
  CHECK(c.at("dtype") == "float32");
  CHECK(c.at("reps") == 1);
  CHECK(c.at("steps_per_s").get<double>() > 0);
  for (const char* key : {"median_ms", "min_ms", "max_ms", "p10_ms", "p90_ms", "mad_ms"}) CHECK(c.at("step").contains(key));
  // The figures are measured, not placeholders: each part took time, and they are consistent
  // with each other (order statistics in order; the parts within the whole step).
  const auto& step = c.at("step");
  const double min_ms = step.at("min_ms").get<double>(), median_ms = step.at("median_ms").get<double>();
  CHECK(min_ms > 0);
  CHECK(min_ms <= step.at("p10_ms").get<double>());
  CHECK(step.at("p10_ms").get<double>() <= median_ms);
  CHECK(median_ms <= step.at("p90_ms").get<double>());
  CHECK(step.at("p90_ms").get<double>() <= step.at("max_ms").get<double>());
  CHECK(step.at("mad_ms").get<double>() >= 0);
  CHECK(c.at("steps_per_s").get<double>() == Approx(1000.0 / median_ms));
  CHECK(c.at("forward_ms").get<double>() > 0);
  CHECK(c.at("backward_ms").get<double>() > 0);
  CHECK(c.at("update_ms").get<double>() > 0);
  CHECK(c.at("outside_fwd_bwd_fraction").get<double>() >= 0);
  CHECK(c.at("outside_fwd_bwd_fraction").get<double>() < 1);
  CHECK(c.at("peak_rss_mib").get<double>() > 10);
  CHECK(c.at("frame_rgba8_ms").get<double>() > 0);
}

TEST_CASE("bench takes WxH sizes and times pipelined steps (one sync at the end) beside the per-step split") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  int code = 0;
  std::string output;
  const auto j =
      bench_json("--case " + shell_quote(model + ":fire5") + " --sizes 96x64,72 --warmup 0 --reps 1 --pipelined 2 --graphs off --threads 1",
                 code, output);
  INFO(output);
  REQUIRE(code == 0);
  REQUIRE(j.at("cases").size() == 2);
  const auto& c = j.at("cases")[0];
  CHECK(c.at("width") == 96);
  CHECK(c.at("height") == 64);
  CHECK(j.at("cases")[1].at("width") == 72);
  CHECK(j.at("cases")[1].at("height") == 72);
  CHECK(c.at("cuda_graphs") == false);
  CHECK(c.at("pipelined_steps") == 2);
  CHECK(c.at("pipelined_steps_per_s").get<double>() > 0);
  for (const char* bad : {"--sizes 96y64", "--sizes 1920x", "--graphs maybe", "--pipelined -1"}) {
    bench_json("--case " + shell_quote(model + ":fire5") + " --reps 1 " + bad, code, output);
    INFO(bad << ": " << output);
    CHECK(code == 2);
    CHECK(output.find("livedream: error:") == 0);
  }
}

TEST_CASE("bench --memory-check samples RSS and the heap") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  int code = 0;
  std::string output;
  const auto j = bench_json("--case " + shell_quote(model + ":fire3") + " --memory-check 20 --memory-size 72 --threads 1", code, output);
  INFO(output);
  REQUIRE(code == 0);
  const auto& mc = j.at("memory_check");
  CHECK(mc.at("steps") == 20);
  CHECK(mc.at("rss_mib").size() == mc.at("at_step").size());
  CHECK(mc.at("rss_mib").size() >= 2);
  CHECK(mc.contains("rss_growth_mib"));
  CHECK(mc.contains("heap_growth_second_half_mib"));
}

TEST_CASE("bench errors: an unknown layer and a missing model are one line") {
  int code = 0;
  std::string output;
  bench_json("--case " + shell_quote(shared_model("squeezenet1_1_caffe.pt") + ":no_such_layer") + " --sizes 64 --reps 1", code, output);
  CHECK(code == 2);
  CHECK(output.find("livedream: error:") == 0);
  CHECK(output.find("no_such_layer") != std::string::npos);
  bench_json("--case /nonexistent/model.pt:fire5 --sizes 64 --reps 1", code, output);
  CHECK(code == 1);
  CHECK(output.find("livedream: error: bench model not found") == 0);
}
