// livedream atlas, run as a user would: a grid PNG, the cache on the second run, one-line errors.
#include <algorithm>
#include <string>

#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream::test;

namespace {

std::string atlas_command(const std::string& cache, const std::string& args) {
  return "env LIVEDREAM_ATLAS_CACHE=" + shell_quote(cache) + " " + shell_quote(livedream_bin()) + " atlas --model " +
         shell_quote(shared_model("googlenet_bvlc.pt")) + " " + args;
}

void check_one_line_error(const CommandResult& r, int exit_code, const std::string& text) {
  INFO(r.output);
  CHECK(r.exit_code == exit_code);
  const std::string error = without_model_notice(r.output);
  CHECK(error.find("livedream: error: ") == 0);
  CHECK(error.find(text) != std::string::npos);
  CHECK(std::count(error.begin(), error.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("atlas writes a labelled grid and reads the cache on the second run") {
  const std::string dir = tmp_dir("cli_atlas");
  const std::string args = "--layer inception_4c --channels 10-13 --size 64 --steps 4 --batch 4 --out " + shell_quote(dir + "/atlas.png");
  auto first = run_command(atlas_command(dir + "/cache", args));
  INFO(first.output);
  REQUIRE(first.exit_code == 0);
  CHECK(first.output.find("4 computed, 0 from the cache") != std::string::npos);
  const auto grid = livedream::load_image(dir + "/atlas.png");
  CHECK(grid.width > 2 * 64);
  CHECK(grid.height > 2 * 64);
  auto second = run_command(atlas_command(dir + "/cache", args));
  INFO(second.output);
  CHECK(second.exit_code == 0);
  CHECK(second.output.find("0 computed, 4 from the cache") != std::string::npos);
}

TEST_CASE("atlas: bad --channels, an unknown layer and an unwritable --out are one-line errors") {
  const std::string dir = tmp_dir("cli_atlas_errors");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_4c --channels 5-x --out " + shell_quote(dir + "/a.png"))), 2,
                       "--channels: '5-x'");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_4c --channels 600 --out " + shell_quote(dir + "/a.png"))), 2,
                       "0 to 511");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_9z --out " + shell_quote(dir + "/a.png"))), 2,
                       "no layer 'inception_9z'");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_4c --out /proc/atlas.png")), 1, "cannot write --out");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_4c --out " + shell_quote(dir + "/no/such/a.png"))), 1,
                       "does not exist");
  check_one_line_error(run_command(atlas_command(dir, "--layer inception_4c --precondition blur --out " + shell_quote(dir + "/a.png"))), 2,
                       "--precondition");
}
