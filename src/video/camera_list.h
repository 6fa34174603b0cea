// The cameras of this machine: the V4L2 device nodes /dev/videoN with the names the kernel gives
// them in /sys/class/video4linux/videoN/name. Reads only those files (no device is opened, so a
// camera in use is listed too); `root` lets tests build a fake tree.
#pragma once
#include <string>
#include <vector>

namespace livedream::video {

struct CameraInfo {
  int number = 0;      // N of /dev/videoN, and of camera:N
  std::string device;  // "/dev/video0" (under `root` when one is given)
  std::string name;    // "Integrated Camera: Integrated C"; empty when sysfs does not say
  // False for the extra nodes a UVC camera also exposes (metadata: sysfs "index" is not 0); the
  // viewer lists those last and marks them.
  bool capture_node = true;
};

// Sorted by number. `root` is "/" on a real system.
std::vector<CameraInfo> list_cameras(const std::string& root = "/");

}  // namespace livedream::video
