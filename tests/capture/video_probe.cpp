#include "capture/video_probe.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "support/catch.h"
#include "support/test_env.h"

namespace livedream::test {
namespace fs = std::filesystem;

bool have_ffmpeg_tools() { return run_command("command -v ffmpeg && command -v ffprobe").exit_code == 0; }

void require_ffmpeg_tools() {
  if (!have_ffmpeg_tools()) LIVEDREAM_SKIP("needs ffmpeg and ffprobe on PATH (apt-get install ffmpeg)");
}

VideoProbe probe_video(const std::string& path) {
  VideoProbe probe;
  const auto r = run_command(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames,width,height,r_frame_rate,codec_name,pix_fmt -of default=nw=1 " +
      shell_quote(path));
  probe.output = r.output;
  probe.ok = r.exit_code == 0;
  std::stringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "nb_read_frames")
      probe.frames = std::atol(value.c_str());
    else if (key == "width")
      probe.width = std::atoi(value.c_str());
    else if (key == "height")
      probe.height = std::atoi(value.c_str());
    else if (key == "r_frame_rate")
      probe.frame_rate = value;
    else if (key == "codec_name")
      probe.codec = value;
    else if (key == "pix_fmt")
      probe.pix_fmt = value;
  }
  if (probe.frames < 0 || probe.width == 0) probe.ok = false;
  return probe;
}

AudioProbe probe_audio(const std::string& path) {
  AudioProbe probe;
  const auto r =
      run_command("ffprobe -v error -select_streams a:0 -show_entries stream=codec_name,duration -of default=nw=1 " + shell_quote(path));
  probe.output = r.output;
  std::stringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("codec_name=", 0) == 0) probe.codec = line.substr(11);
    if (line.rfind("duration=", 0) == 0) probe.duration = std::atof(line.c_str() + 9);
  }
  return probe;
}

std::vector<Image> decode_frames(const std::string& path, const std::string& dir) {
  fs::create_directories(dir);
  const auto r = run_command("ffmpeg -v error -y -i " + shell_quote(path) + " -vsync passthrough " + shell_quote(dir + "/f-%05d.png"));
  INFO(r.output);
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<Image> frames;
  for (const auto& f : files) frames.push_back(load_image(f));
  return frames;
}

int run_with_file_size_limit(long max_bytes, const std::function<int()>& body) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // a failed write, not a dead process, like ENOSPC
    struct rlimit limit {};
    limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(max_bytes);
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 99;
    try {
      code = body();
    } catch (...) {
      code = 98;  // an exception escaped: the caller expected it to be handled
    }
    std::fflush(nullptr);
    std::_Exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void check_h264_video(const VideoProbe& probe, long frames, int width, int height, int fps) {
  INFO(probe.output);
  REQUIRE(probe.ok);
  CHECK(probe.frames == frames);
  CHECK(probe.width == width);
  CHECK(probe.height == height);
  CHECK(probe.frame_rate == std::to_string(fps) + "/1");
  CHECK(probe.codec == "h264");
  CHECK(probe.pix_fmt == "yuv420p");
}

}  // namespace livedream::test
