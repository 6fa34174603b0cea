// The program's own entry points, run as a user would run them.
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream::test;

TEST_CASE("version flag names livedream, LibTorch and CUDA support") {
  auto r = run_command(shell_quote(livedream_bin()) + " --version");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("livedream ") != std::string::npos);
  CHECK(r.output.find("LibTorch 2.") != std::string::npos);
  CHECK(r.output.find("CUDA support compiled in: ") != std::string::npos);
  CHECK(r.output.find("CUDA device available: ") != std::string::npos);
}

TEST_CASE("layers lists GoogLeNet's layers with channels and strides") {
  auto r = run_command(shell_quote(livedream_bin()) + " layers --model " + shell_quote(shared_model("googlenet_bvlc.pt")));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("inception_4c                   512      16") != std::string::npos);
  CHECK(r.output.find("sha256 f1601a1c") != std::string::npos);
}

TEST_CASE("a corrupt model file is one line and exit code 1") {
  const std::string dir = tmp_dir("cli_bad_model");
  const std::string path = dir + "/corrupt.pt";
  run_command("printf 'PK\\003\\004garbage' > " + shell_quote(path));
  auto r = run_command(shell_quote(livedream_bin()) + " layers --model " + shell_quote(path));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("livedream: error: model file " + path) == 0);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
}

TEST_CASE("an unknown option is a usage error, exit code 2") {
  auto r = run_command(shell_quote(livedream_bin()) + " --no-such-option");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("livedream: error:") == 0);
}
