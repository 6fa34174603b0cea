#include "core/file_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace livedream {
namespace fs = std::filesystem;

std::vector<uint8_t> read_file_bytes(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw runtime_error(what + " not found: " + path, "check the path");
  if (fs::is_directory(path, ec)) throw runtime_error(what + " path is a folder, not a file: " + path, "give a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw runtime_error("cannot open " + what + " " + path + ": " + std::strerror(errno), "check its permissions");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

std::string read_file_text(const std::string& path, const std::string& what) {
  auto bytes = read_file_bytes(path, what);
  return std::string(bytes.begin(), bytes.end());
}

void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes, const std::string& what) {
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw runtime_error("output folder does not exist: " + folder.string(), "create it or choose another --out");
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f)
    throw runtime_error("cannot write " + what + " " + path + ": " + std::strerror(errno),
                        "choose a writable folder");
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int write_errno = errno;
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int flush_errno = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    std::remove(temp.c_str());
    throw runtime_error("writing " + what + " " + path + " failed: " + std::strerror(!written ? write_errno : flush_errno),
                        "free disk space or choose another folder");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(temp.c_str());
    throw runtime_error("cannot move " + what + " into place at " + path + ": " + std::strerror(e),
                        "choose a writable folder");
  }
}

void write_file_atomically(const std::string& path, const std::string& text, const std::string& what) {
  write_file_atomically(path, std::vector<uint8_t>(text.begin(), text.end()), what);
}

}  // namespace livedream
