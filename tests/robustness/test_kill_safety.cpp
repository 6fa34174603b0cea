// Kill safety (issue 7): `livedream dream --out X.png` killed with SIGKILL at any moment leaves X.png
// either absent (or the complete PNG that was there before) or the complete new PNG: never a
// corrupt one, because save_png writes a temporary file in the same folder, syncs it and renames
// it over X.png. A normal run leaves no temporary file behind.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/image.h"
#include "robustness/robust_support.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::robust;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<fs::path> temp_files(const std::string& dir) {
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) found.push_back(e.path());
  return found;
}

// A complete PNG of the expected size carrying livedream's parameters.
bool complete_png(const std::string& path, int side) {
  try {
    const Image image = load_image(path);
    return image.width == side && image.height == side && read_png_text(path).count("livedream") == 1;
  } catch (const Error& e) {
    UNSCOPED_INFO("not a complete PNG: " << e.what());
    return false;
  }
}

}  // namespace

TEST_CASE("kill safety: SIGKILL at random moments leaves the output absent, the old file or the complete new one") {
  const std::string dir = test::tmp_dir("robust_kill");
  const std::string out = dir + "/out.png";
  // No steps: the run is loading the model, then encoding and writing a large PNG (about a
  // second of stb's PNG compression), so the kills land in the write as often as before it.
  constexpr int kSide = 2000;
  const std::string size = std::to_string(kSide);
  const std::vector<std::string> args = {test::livedream_bin(),
                                         "dream",
                                         "clouds:" + size + "x" + size,
                                         "--out",
                                         out,
                                         "--model",
                                         good_model(),
                                         "--max-dim",
                                         size,
                                         "--steps",
                                         "0",
                                         "--octaves",
                                         "1",
                                         "--layers",
                                         "inception_3b"};

  // A normal run: the PNG, and nothing else in the folder.
  const auto start = Clock::now();
  REQUIRE(wait_exit(spawn_quiet(args)) == 0);
  const double normal_s = std::chrono::duration<double>(Clock::now() - start).count();
  REQUIRE(complete_png(out, kSide));
  CHECK(temp_files(dir).empty());
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);

  const std::string reference = test::tmp_dir("robust_kill_reference") + "/reference.png";
  fs::copy_file(out, reference);

  const unsigned seed = 20240607;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> when(0.2 * normal_s, 1.1 * normal_s);
  int absent = 0, old_kept = 0, complete = 0, finished = 0, stray_temps = 0;
  constexpr int kKills = 12;
  for (int i = 0; i < kKills; ++i) {
    const bool had_old = i % 2 == 1;  // every other run starts with a complete PNG already there
    fs::remove(out);
    if (had_old) fs::copy_file(reference, out);
    const auto old_time = had_old ? fs::last_write_time(out) : fs::file_time_type{};
    // Half the kills at a random moment of the run; the other half while the PNG is being
    // written: as soon as the temporary file appears, plus 0-22 ms (the PNG is encoded in memory
    // first; writing and syncing 5 MB takes some milliseconds).
    const bool during_write = (i / 2) % 2 == 1;
    double delay = when(rng);
    const pid_t pid = spawn_quiet(args);
    const auto spawned = Clock::now();
    if (during_write) {
      const auto give_up = spawned + std::chrono::duration<double>(3 * normal_s + 30);
      while (temp_files(dir).empty() && Clock::now() < give_up) std::this_thread::sleep_for(std::chrono::microseconds(500));
      std::this_thread::sleep_for(std::chrono::duration<double>(delay / normal_s * 0.02));  // 0-22 ms
      delay = std::chrono::duration<double>(Clock::now() - spawned).count();
    } else {
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    }
    ::kill(pid, SIGKILL);
    const int code = wait_exit(pid);
    INFO("kill " << i << (during_write ? " during the write" : "") << " after " << delay << " s (normal run " << normal_s << " s, seed "
                 << seed << "), exit " << code);
    if (code == 0) ++finished;
    if (!fs::exists(out)) {
      CHECK_FALSE(had_old);  // an existing file is only ever replaced, never removed
      ++absent;
    } else {
      CHECK(complete_png(out, kSide));
      if (had_old && fs::last_write_time(out) == old_time)
        ++old_kept;
      else
        ++complete;
    }
    // A process killed between creating its temporary file and the rename cannot remove it;
    // such leftovers carry the pid in their name and are never mistaken for the output.
    for (const auto& t : temp_files(dir)) {
      ++stray_temps;
      fs::remove(t);
    }
  }
  WARN("kill safety: " << kKills << " kills: output absent " << absent << ", old file kept " << old_kept << ", complete new file "
                       << complete << " (runs that had finished: " << finished
                       << "); temporary files left by killed writes: " << stray_temps);
  // Each kill's outcome was checked above; here, that the kills tested something: some landed
  // before the output was in place (else every run had finished and nothing was at stake).
  CHECK(finished < kKills);
  CHECK(absent + old_kept > 0);
}
