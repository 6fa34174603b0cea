#include "capture/capture_paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/error.h"

namespace livedream::capture {
namespace fs = std::filesystem;

std::string default_captures_dir() {
  const char* env = std::getenv("LIVEDREAM_CAPTURES");
  return env && *env ? std::string(env) : std::string("captures");
}

void check_writable_dir(const std::string& dir) {
  // access(W_OK) is not enough: it ignores read-only mounts for root and says nothing about
  // quotas, so create a real (empty) file and remove it again.
  const std::string probe = (fs::path(dir) / (".livedream-write-test-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    if (e == EEXIST) {  // a stale probe from a killed run with our pid: the folder is writable
      ::unlink(probe.c_str());
      return;
    }
    throw runtime_error("cannot write to folder " + dir + ": " + std::strerror(e), "choose a writable folder");
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw runtime_error("capture folder " + dir + " is a file, not a folder", "choose another captures folder");
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw runtime_error("cannot create folder " + dir + ": " + ec.message(), "choose a writable folder");
  }
  check_writable_dir(dir);
}

std::string capture_stem(std::time_t when, int counter) {
  std::tm local{};
  ::localtime_r(&when, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  char number[16];
  std::snprintf(number, sizeof number, "%03d", counter);
  return std::string("livedream-") + stamp + "-" + number;
}

std::string unique_capture_stem(const std::string& dir, std::time_t when) {
  // One listing, then the first free counter: the folder may hold thousands of captures.
  const std::string prefix = capture_stem(when, 0).substr(0, std::string("livedream-YYYYMMDD-HHMMSS-").size());
  std::set<std::string> taken;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    taken.insert(name.substr(0, name.find('.', prefix.size())));
  }
  for (int counter = 1;; ++counter) {
    const std::string stem = capture_stem(when, counter);
    if (!taken.count(stem)) return stem;
  }
}

}  // namespace livedream::capture
