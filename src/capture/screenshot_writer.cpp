#include "capture/screenshot_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "capture/capture_paths.h"
#include "core/error.h"
#include "core/file_io.h"
#include "core/png_keys.h"

namespace livedream::capture {
namespace fs = std::filesystem;

namespace {
std::string iso_local_time(std::time_t when) {
  std::tm local{};
  ::localtime_r(&when, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
  return text;
}

// Writes `bytes` to a new file; on any failure removes it and throws one line naming `dir`.
void write_whole_file(const std::string& path, const std::vector<uint8_t>& bytes, const std::string& dir) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int error = fd < 0 ? errno : 0;
  for (size_t done = 0; !error && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (!error && ::fsync(fd) != 0) error = errno;
  if (fd >= 0 && ::close(fd) != 0 && !error) error = errno;
  if (error) {
    ::unlink(path.c_str());
    throw runtime_error("cannot save a screenshot in " + dir + ": " + std::strerror(error),
                        "free disk space or choose another captures folder");
  }
}

// Gives the finished temporary file its final name without ever replacing an existing file:
// link() fails with EEXIST where rename() would overwrite. Returns false when the name is taken.
bool link_new_name(const std::string& temp, const std::string& final_path) {
  if (::link(temp.c_str(), final_path.c_str()) == 0) return true;
  const int e = errno;
  if (e == EEXIST) return false;
  if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP) {
    // A file system without hard links (FAT, some network mounts): check, then rename.
    std::error_code ec;
    if (fs::exists(final_path, ec)) return false;
    if (std::rename(temp.c_str(), final_path.c_str()) == 0) return true;
  }
  throw runtime_error("cannot save screenshot " + final_path + ": " + std::strerror(e), "choose a writable captures folder");
}
}  // namespace

const char* to_string(ScreenshotKind kind) { return kind == ScreenshotKind::Window ? "window" : "dream"; }

std::map<std::string, std::string> params_png_text(const DreamParams& params, const std::string& timeline_json) {
  std::map<std::string, std::string> text{{png_keys::kParams, to_json(params).dump()}, {png_keys::kSoftware, "livedream"}};
  if (!timeline_json.empty()) text[png_keys::kTimeline] = timeline_json;
  return text;
}

SavedScreenshot save_screenshot(const std::string& dir, const Image& image, const ScreenshotInfo& info, std::time_t when) {
  if (image.empty()) throw runtime_error("nothing to save: the picture is empty", "load an image first");
  ensure_writable_dir(dir);
  // Written completely under a hidden name first, so a full disk never leaves a broken PNG.
  static std::atomic<int> serial{0};  // screenshots may be saved from several threads at once
  const std::string temp =
      (fs::path(dir) / (".livedream-screenshot-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".png")).string();
  write_whole_file(temp, encode_png(image, params_png_text(info.params, info.timeline_json)), dir);
  SavedScreenshot saved;
  try {
    for (int attempt = 0;; ++attempt) {
      const std::string stem = unique_capture_stem(dir, when);
      const std::string png = (fs::path(dir) / (stem + ".png")).string();
      if (link_new_name(temp, png)) {
        saved.png = png;
        saved.json = (fs::path(dir) / (stem + ".json")).string();
        break;
      }
      if (attempt > 1000) throw runtime_error("no free screenshot name in " + dir, "clean up the captures folder");
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  ::unlink(temp.c_str());

  nlohmann::json sidecar = {
      {"image", fs::path(saved.png).filename().string()},
      {"kind", to_string(info.kind)},
      {"width", image.width},
      {"height", image.height},
      {"created", iso_local_time(when)},
      {"params", to_json(info.params)},
  };
  for (const auto& [key, value] : info.extra.items()) sidecar[key] = value;
  try {
    write_file_atomically(saved.json, sidecar.dump(2) + "\n", "screenshot sidecar");
  } catch (const Error& e) {
    throw runtime_error("saved " + saved.png + " but not its sidecar: " + e.what(), "");
  }
  return saved;
}

}  // namespace livedream::capture
