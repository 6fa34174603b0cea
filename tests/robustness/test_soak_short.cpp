// The short soak (CTest label "soak"): a few hundred engine steps through `livedream dream`,
// sampling the process's resident memory (/proc/PID/status VmRSS); after the warm-up it must not
// keep growing (under 5%). scripts/soak runs the long versions (10,000 steps; the viewer for 30 min).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "core/image.h"
#include "robustness/robust_support.h"
#include "support/catch.h"
#include "support/process_memory.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::robust;

namespace {

int64_t median(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

TEST_CASE("soak (short): 300 steps at 128 px, resident memory flat after the warm-up") {
  const std::string out = test::tmp_dir("robust_soak_short") + "/soak.png";
  const std::vector<std::string> args = {test::livedream_bin(),
                                         "dream",
                                         "clouds:128x128",
                                         "--out",
                                         out,
                                         "--model",
                                         good_model(),
                                         "--max-dim",
                                         "128",
                                         "--steps",
                                         "300",
                                         "--octaves",
                                         "1",
                                         "--layers",
                                         "inception_3b",
                                         "--jitter",
                                         "16"};
  const pid_t pid = spawn_quiet(args);
  REQUIRE(pid > 0);
  std::vector<int64_t> samples;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    const int64_t kib = test::rss_kib(pid);
    if (kib > 0) samples.push_back(kib);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(samples.size() >= 40);
  CHECK(load_image(out).width == 128);
  // Warm-up: model load and the first steps (the first 40% of the run). Then the median of the
  // next 20% against the median of the last 20% before the end (the PNG write is not counted).
  const size_t n = samples.size();
  const std::vector<int64_t> after_warmup(samples.begin() + n * 4 / 10, samples.begin() + n * 6 / 10);
  const std::vector<int64_t> late(samples.begin() + n * 75 / 100, samples.begin() + n * 95 / 100);
  const double base = static_cast<double>(median(after_warmup)), end = static_cast<double>(median(late));
  const double growth = (end - base) / base * 100.0;
  WARN("soak (short): " << n << " RSS samples; after warm-up " << base / 1024 << " MiB, at the end " << end / 1024 << " MiB, peak "
                        << *std::max_element(samples.begin(), samples.end()) / 1024.0 << " MiB; growth " << growth << "%");
  CHECK(growth < 5.0);
}
