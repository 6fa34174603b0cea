// The program's own entry points, run as a user would run them.
#include <algorithm>
#include <string>
#include <utility>

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

// Issue 15 item 7: every command finds models the same way.
TEST_CASE("layers finds a bare model file name in the models folders, as dream does") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("cli_layers_models_dir");
  run_command("ln -s " + shell_quote(model) + " " + shell_quote(dir + "/squeezenet1_1_caffe.pt"));
  auto r = run_command("env LIVEDREAM_MODELS_DIR=" + shell_quote(dir) + " " + shell_quote(livedream_bin()) +
                       " layers --model squeezenet1_1_caffe.pt");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("model " + dir + "/squeezenet1_1_caffe.pt") != std::string::npos);
  CHECK(r.output.find("fire5") != std::string::npos);
}

TEST_CASE("a model name found nowhere: layers says where it looked and how to build it") {
  const std::string dir = tmp_dir("cli_layers_missing");
  auto r = run_command("env -u LIVEDREAM_MODEL LIVEDREAM_MODELS_DIR=" + shell_quote(dir) + " " + shell_quote(livedream_bin()) +
                       " layers --model inception_v3.pt");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("livedream: error: model inception_v3.pt not found in the models folders (" + dir) == 0);
  CHECK(r.output.find("models/export_model.py inception_v3 --out models/inception_v3.pt") != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
}

TEST_CASE("the shared models folder is searched by every command, not only bench") {
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string shared = model.substr(0, model.rfind("/models/"));
  const std::string empty = tmp_dir("cli_models_shared_only");
  auto r = run_command("env -u LIVEDREAM_MODEL LIVEDREAM_SHARED=" + shell_quote(shared) + " LIVEDREAM_MODELS_DIR=" + shell_quote(empty) +
                       " " + shell_quote(livedream_bin()) + " layers --model squeezenet1_1_caffe.pt");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("model " + model) != std::string::npos);
}

TEST_CASE("a viewer option before a command is an error naming the fix, not silently ignored") {
  auto r = run_command(shell_quote(livedream_bin()) + " --model /nonexistent/x.pt layers");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("livedream: error: --model before the command layers is the viewer's option") == 0);
  CHECK(r.output.find("livedream layers --model") != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  r = run_command(shell_quote(livedream_bin()) + " --schedule async dream clouds --out /tmp/never.png");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("livedream: error: --schedule before the command dream is the viewer's option, and dream has no --schedule") == 0);
}

TEST_CASE("a word that is neither a command nor an image says so and lists the commands") {
  const std::string dir = tmp_dir("cli_not_a_command");
  auto r = run_command("cd " + shell_quote(dir) + " && " + shell_quote(livedream_bin()) + " frobnicate");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("livedream: error: 'frobnicate' is neither a command nor an image file (commands: ") == 0);
  for (const char* command : {"dream", "render", "layers", "bench"}) CHECK(r.output.find(command) != std::string::npos);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
}

// Issue 11: the temporal options are shared dream options; a bad value is one line, exit code 2,
// before any model is loaded.
TEST_CASE("an unknown --temporal mode or an out-of-range decay or blend is one line, exit code 2") {
  const std::string out = tmp_dir("cli_temporal_errors") + "/out.mp4";
  const std::string render = shell_quote(livedream_bin()) + " render clouds:96x96 --frames 1 --out " + shell_quote(out);
  const std::pair<std::string, std::string> cases[] = {
      {" --temporal wobble", "--temporal: 'wobble' is not one of flow, blend or off"},
      {" --temporal-decay 1.5", "--temporal-decay: 1.5 is outside 0..1"},
      {" --temporal-blend -0.5", "--temporal-blend: -0.5 is outside 0..1"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_command(render + args);
    INFO(args << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("livedream: error: " + message) == 0);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  }
}
