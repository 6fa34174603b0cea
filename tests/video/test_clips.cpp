#include "video/test_clips.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <cstdlib>
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
  return "crop=" + std::to_string(width) + ":" + std::to_string(height) + ":'n*4':40,format=" + (even ? "yuv420p" : "yuv444p");
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
  const auto r =
      run_command("ffmpeg -v error -y -loop 1 -framerate " + std::to_string(fps) + " -i " + shell_quote(sky) +
                  " -f lavfi -i sine=frequency=440:duration=" + std::to_string(seconds) + " -vf " + shell_quote(pan_filter(width, height)) +
                  " -r " + std::to_string(fps) + " -t " + std::to_string(seconds) + " -c:a aac " + shell_quote(path));
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

namespace {
struct Recipe {
  const char* name;
  const char* file;
  // ffmpeg arguments after "-i campus.mp4" (SOURCE in a second step names the first's output).
  const char* encode;
  const char* second_step;  // nullptr: one step
  bool rotated;
};

// Small (160x120) and about a second long, so every test over all of them stays quick.
const Recipe kRecipes[] = {
    // A camera's H.264 with B-frames at 25 fps, then cut by stream copy: the cut starts at the
    // keyframe before it and an edit list hides the frames before the cut.
    {"edit-list", "edit-list.mp4", "-t 2.5 -vf scale=160:120,fps=25 -c:v libx264 -bf 3 -g 25 -c:a aac", "-ss 0.7 -i SOURCE -t 1.2 -c copy",
     false},
    {"hevc", "hevc.mp4", "-t 1.2 -vf scale=160:120 -c:v libx265 -x265-params log-level=error -tag:v hvc1 -c:a aac", nullptr, false},
    {"vp9-opus", "vp9-opus.webm", "-t 1.2 -vf scale=160:120 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus", nullptr, false},
    {"mjpeg-pcm", "mjpeg-pcm.avi", "-t 1.2 -vf scale=160:120 -c:v mjpeg -q:v 5 -c:a pcm_s16le", nullptr, false},
    {"h264-10bit", "h264-10bit.mp4", "-t 1.2 -vf scale=160:120,format=yuv420p10le -c:v libx264 -c:a aac", nullptr, false},
    {"ntsc", "ntsc.mp4", "-t 1.2 -vf scale=160:120,fps=30000/1001 -c:v libx264 -c:a aac", nullptr, false},
    // Every 5th frame and every 7th of a 25 fps encoding dropped, timestamps kept: a variable rate
    // (ffprobe: r_frame_rate 25/1, a lower average), as phones write in low light.
    {"variable-rate", "variable-rate.mp4",
     "-t 1.2 -vf scale=160:120,fps=25,select='not(eq(mod(n\\,5)\\,2))*not(eq(mod(n\\,7)\\,3))' -fps_mode vfr -c:v libx264 -c:a aac",
     nullptr, false},
    // A phone's portrait video: landscape frames with a display matrix that turns them.
    {"rotated", "rotated.mp4", "-t 1.2 -vf scale=160:120 -c:v libx264 -c:a aac", "-i SOURCE -c copy -metadata:s:v:0 rotate=90", true},
    {"odd-444", "odd-444.mp4", "-t 1.2 -vf scale=161:121,format=yuv444p -c:v libx264 -c:a aac", nullptr, false},
};

const Recipe& recipe(const std::string& name) {
  for (const Recipe& r : kRecipes)
    if (name == r.name) return r;
  FAIL("no test encoding " + name);
  return kRecipes[0];
}

void run_ffmpeg(const std::string& args) {
  const auto r = run_command("ffmpeg -v error -y -nostdin " + args);
  INFO("ffmpeg " << args << "\n" << r.output);
  REQUIRE(r.exit_code == 0);
}
}  // namespace

std::vector<std::string> encoding_names() {
  std::vector<std::string> names;
  for (const Recipe& r : kRecipes) names.emplace_back(r.name);
  return names;
}

EncodingClip make_encoding_clip(const std::string& name, const std::string& dir) {
  require_ffmpeg_tools();
  const Recipe& r = recipe(name);
  const std::string campus = shared_video("campus.mp4");
  EncodingClip clip{r.name, dir + "/" + r.file, r.rotated};
  if (fs::exists(clip.path)) return clip;
  if (!r.second_step) {
    run_ffmpeg("-i " + shell_quote(campus) + " " + r.encode + " " + shell_quote(clip.path));
    return clip;
  }
  const std::string first = dir + "/" + r.name + "-source" + fs::path(r.file).extension().string();
  run_ffmpeg("-i " + shell_quote(campus) + " " + r.encode + " " + shell_quote(first));
  std::string second = r.second_step;
  second.replace(second.find("SOURCE"), 6, shell_quote(first));
  run_ffmpeg(second + " " + shell_quote(clip.path));
  return clip;
}

StreamFacts probe_stream(const std::string& path) {
  StreamFacts facts;
  const auto r = run_command(
      "ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate,width,height,duration:format=duration"
      " -of default=nw=1 " +
      shell_quote(path));
  facts.output = r.output;
  std::stringstream lines(r.output);
  std::string line;
  double stream_duration = -1, format_duration = -1;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "r_frame_rate") facts.r_frame_rate = value;
    if (key == "width") facts.width = std::atoi(value.c_str());
    if (key == "height") facts.height = std::atoi(value.c_str());
    // ffprobe prints the stream's duration first, then the container's.
    if (key == "duration" && value != "N/A") (stream_duration < 0 ? stream_duration : format_duration) = std::atof(value.c_str());
  }
  facts.duration_s = stream_duration;
  if (const auto slash = facts.r_frame_rate.find('/'); slash != std::string::npos) {
    const double den = std::atof(facts.r_frame_rate.c_str() + slash + 1);
    facts.fps = den > 0 ? std::atof(facts.r_frame_rate.substr(0, slash).c_str()) / den : 0;
  }
  if (facts.duration_s < 0) facts.duration_s = format_duration;
  return facts;
}

}  // namespace livedream::test
