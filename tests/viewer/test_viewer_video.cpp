// The viewer on a video file under a display (Xvfb here): it plays the file, dreams its frames
// one after the other, a screenshot shows a dreamt frame of the moving picture, and a recording
// (--record, as F9) holds the dreamt video.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/file_io.h"
#include "core/image.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::test;
using nlohmann::json;

namespace {

double mean_abs_difference(const Image& a, const Image& b) {
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  double sum = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
  return sum / static_cast<double>(a.rgb.size());
}

}  // namespace

TEST_CASE("the viewer plays a video file and dreams its frames as they come") {
  need_display();
  const std::string model = shared_model("squeezenet1_1_caffe.pt");
  const std::string dir = tmp_dir("viewer_video");
  // A pan over the photo: 4 px to the right every frame, 25 fps, 2 s.
  const std::string photo = shared_image("sky.jpg");
  const std::string clip = dir + "/pan.mp4";
  const auto made = run_command("ffmpeg -v error -y -loop 1 -i " + shell_quote(photo) +
                                " -vf \"crop=192:128:'n*4':80,format=yuv420p\" -r 25 -frames:v 50 " + shell_quote(clip));
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  const auto first = run_command("ffmpeg -v error -y -i " + shell_quote(clip) + " -frames:v 1 " + shell_quote(dir + "/first.png"));
  REQUIRE(first.exit_code == 0);

  const auto r = run_command("XDG_CONFIG_HOME=" + shell_quote(dir + "/config") + " " + shell_quote(livedream_bin()) + " " +
                             shell_quote(clip) + " --model " + shell_quote(model) +
                             " --layers fire5 --step-size 0.03 --max-dim 192 --schedule async --quit-after-steps 60"
                             " --width 900 --height 600 --screenshot-dream " + dir + "/dream.png --stats-json " + dir + "/stats.json" +
                             " --record --captures " + shell_quote(dir + "/captures"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(read_file_text(dir + "/stats.json", "stats"));
  INFO(stats.dump().substr(0, 1500));
  // The file played: the dream started from several of its frames, not from the first alone.
  CHECK(stats.at("video").at("frames_dreamt").get<int64_t>() >= 3);
  // F9 (--record) records the dreamt video as for a still dream: one video frame per engine step.
  const json& rec = stats.at("recording");
  CHECK(rec.at("frames").get<int64_t>() >= 30);
  CHECK(std::filesystem::file_size(rec.at("file").get<std::string>()) > 1000);

  const Image dream = load_image(dir + "/dream.png");
  const Image source = load_image(dir + "/first.png");
  REQUIRE(dream.width == 192);
  REQUIRE(dream.height == 128);
  // A dreamt frame of this video: close to the footage, yet not the footage itself.
  const double from_first = mean_abs_difference(dream, source);
  CHECK(from_first > 3.0);
  CHECK(from_first < 70.0);
}
