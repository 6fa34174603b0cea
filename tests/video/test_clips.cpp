#include "video/test_clips.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "capture/video_probe.h"
#include "support/catch.h"
#include "support/test_env.h"

namespace livedream::test {
namespace fs = std::filesystem;

namespace {
std::string pan_filter(int width, int height) {
  // 4:2:0 needs even sides; odd test sizes keep full chroma.
  const bool even = width % 2 == 0 && height % 2 == 0;
  return "crop=" + std::to_string(width) + ":" + std::to_string(height) + ":'n*4':40,format=" +
         (even ? "yuv420p" : "yuv444p");
}
}  // namespace

std::string make_pan_clip(const std::string& path, int frames, int width, int height, int fps) {
  require_ffmpeg_tools();
  const std::string sky = shared_image("sky.jpg");
  const auto r = run_command("ffmpeg -v error -y -loop 1 -framerate " + std::to_string(fps) + " -i " + shell_quote(sky) + " -vf " +
                             shell_quote(pan_filter(width, height)) + " -r " + std::to_string(fps) + " -frames:v " +
                             std::to_string(frames) + " " + shell_quote(path));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return path;
}

std::string make_pan_clip_with_audio(const std::string& path, int frames, int width, int height, int fps) {
  require_ffmpeg_tools();
  const std::string sky = shared_image("sky.jpg");
  // -t, not -frames:v: ffmpeg stops every stream at the video's last frame, before the sound.
  const double seconds = static_cast<double>(frames) / fps;
  const auto r = run_command("ffmpeg -v error -y -loop 1 -framerate " + std::to_string(fps) + " -i " + shell_quote(sky) + " -f lavfi -i sine=frequency=440:duration=" +
                             std::to_string(seconds) + " -vf " + shell_quote(pan_filter(width, height)) + " -r " +
                             std::to_string(fps) + " -t " + std::to_string(seconds) + " -c:a aac " + shell_quote(path));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return path;
}

std::string truncated_copy(const std::string& source, const std::string& path, double bytes_fraction) {
  std::ifstream in(source, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!bytes.empty());
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() * bytes_fraction));
  return path;
}

}  // namespace livedream::test
