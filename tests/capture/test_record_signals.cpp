// Ctrl-C, SIGTERM and even SIGKILL during a recording must leave a file a player can open.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "capture/video_probe.h"
#include "support/catch.h"
#include "support/test_env.h"

extern char** environ;

using namespace livedream;
namespace fs = std::filesystem;

namespace {
struct Interrupted {
  int exit_code = -1;
  test::VideoProbe probe;
};

// Starts the helper recording into `out`, waits until it has made 30 frames, sends `sig`.
Interrupted record_and_signal(const std::string& out, int sig) {
  const std::string ready = out + ".ready";
  const std::string helper = CAPTURE_RECORD_HELPER;
  std::vector<char*> argv = {const_cast<char*>(helper.c_str()), const_cast<char*>(out.c_str()), const_cast<char*>(ready.c_str()), nullptr};
  pid_t pid = -1;
  REQUIRE(::posix_spawn(&pid, helper.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!fs::exists(ready) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const bool became_ready = fs::exists(ready);
  ::kill(pid, became_ready ? sig : SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(became_ready);
  Interrupted result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // After SIGKILL ffmpeg outlives the helper for a moment (it finishes on end of input).
  for (int i = 0; i < 100; ++i) {
    result.probe = test::probe_video(out);
    if (result.probe.ok || sig != SIGKILL) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return result;
}
}  // namespace

TEST_CASE("SIGINT during an MP4 recording leaves a playable file with every frame so far") {
  test::require_ffmpeg_tools();
  const auto r = record_and_signal(test::tmp_dir("signal_int") + "/rec.mp4", SIGINT);
  INFO(r.probe.output);
  CHECK(r.exit_code == 130);
  CHECK(r.probe.ok);
  CHECK(r.probe.frames >= 30);
  CHECK(r.probe.width == 96);
}

TEST_CASE("SIGTERM during an MP4 recording leaves a playable file") {
  test::require_ffmpeg_tools();
  const auto r = record_and_signal(test::tmp_dir("signal_term") + "/rec.mp4", SIGTERM);
  INFO(r.probe.output);
  CHECK(r.exit_code == 143);
  CHECK(r.probe.ok);
  CHECK(r.probe.frames >= 30);
}

TEST_CASE("SIGKILL of the recording process still leaves a playable MP4") {
  test::require_ffmpeg_tools();
  const auto r = record_and_signal(test::tmp_dir("signal_kill") + "/rec.mp4", SIGKILL);
  INFO(r.probe.output);
  CHECK(r.exit_code == 137);
  CHECK(r.probe.ok);
  CHECK(r.probe.frames > 0);
}

TEST_CASE("SIGINT during a GIF recording leaves a complete GIF") {
  test::require_ffmpeg_tools();
  const auto r = record_and_signal(test::tmp_dir("signal_gif") + "/rec.gif", SIGINT);
  INFO(r.probe.output);
  CHECK(r.exit_code == 130);
  CHECK(r.probe.ok);
  CHECK(r.probe.frames >= 30);
}
