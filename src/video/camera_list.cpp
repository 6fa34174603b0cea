#include "video/camera_list.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace livedream::video {
namespace fs = std::filesystem;

namespace {
std::string first_line_of(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  return line;
}
}  // namespace

std::vector<CameraInfo> list_cameras(const std::string& root) {
  std::vector<CameraInfo> cameras;
  const fs::path dev = fs::path(root) / "dev";
  std::error_code ec;
  for (fs::directory_iterator it(dev, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.rfind("video", 0) != 0 || file.size() == 5 || file.size() > 9) continue;
    const std::string digits = file.substr(5);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) continue;
    CameraInfo camera;
    camera.number = std::stoi(digits);
    camera.device = root == "/" ? "/dev/" + file : it->path().string();
    const fs::path sys = fs::path(root) / "sys/class/video4linux" / file;
    camera.name = first_line_of(sys / "name");
    const std::string index = first_line_of(sys / "index");
    camera.capture_node = index.empty() || index == "0";
    cameras.push_back(camera);
  }
  std::sort(cameras.begin(), cameras.end(), [](const CameraInfo& a, const CameraInfo& b) { return a.number < b.number; });
  return cameras;
}

}  // namespace livedream::video
