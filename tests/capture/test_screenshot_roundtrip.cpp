// A screenshot's embedded parameters reproduce its dream: the engine dreams in this process, the
// screenshot writer saves the picture, and `livedream dream --params-from SHOT.png` (the CLI, a
// separate process) must dream the same picture again from the same input (same seed, CPU).
#include <filesystem>

#include "capture/screenshot_writer.h"
#include "capture/synthetic_frames.h"
#include "core/image.h"
#include "core/procedural_image.h"
#include "dream/engine.h"
#include "dream/model.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
namespace fs = std::filesystem;

TEST_CASE("a screenshot's parameters reproduce the same image with dream --params-from") {
  const std::string model_path = test::shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = test::tmp_dir("screenshot_roundtrip");
  DreamParams params;
  params.model = model_path;
  params.layers = parse_layers("fire5:0.7,fire3:0.3");
  params.steps = 3;
  params.octaves = 2;
  params.jitter = 8;  // random rolls: only the same seed gives the same picture
  params.seed = 4242;
  params.step_size = 0.02f;
  params.device = "cpu";

  auto model = std::make_shared<dream::Model>(dream::Model::load(model_path));
  dream::Engine engine(model, params);
  engine.set_source(make_clouds(96, 64, 1));  // what the CLI makes of "clouds:96x64"
  engine.run();                               // the schedule `livedream dream` runs
  const Image shot = engine.frame();
  capture::ScreenshotInfo info;
  info.params = params;
  const auto saved = capture::save_screenshot(dir, shot, info);

  const std::string again = dir + "/again.png";
  auto r = test::run_command(test::shell_quote(test::livedream_bin()) + " dream clouds:96x64 --params-from " +
                             test::shell_quote(saved.png) + " --out " + test::shell_quote(again));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Image back = load_image(again);
  REQUIRE(back.width == shot.width);
  REQUIRE(back.height == shot.height);
  INFO("mean abs difference " << test::mean_abs_difference(back, shot));
  CHECK(back.rgb == shot.rgb);

  // And a different seed does give a different picture, so the check above can fail.
  auto other = test::run_command(test::shell_quote(test::livedream_bin()) + " dream clouds:96x64 --params-from " +
                                 test::shell_quote(saved.png) + " --seed 1 --out " + test::shell_quote(dir + "/other.png"));
  REQUIRE(other.exit_code == 0);
  CHECK(load_image(dir + "/other.png").rgb != shot.rgb);
}
