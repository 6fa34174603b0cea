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
#include "core/file_io.h"

namespace livedream::capture {
namespace fs = std::filesystem;

std::string default_captures_dir() {
  const char* env = std::getenv("LIVEDREAM_CAPTURES");
  return env && *env ? std::string(env) : std::string("captures");
}

void check_writable_dir(const std::string& dir) { check_writable_folder(dir); }

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
