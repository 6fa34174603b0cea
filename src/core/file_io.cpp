#include "core/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace livedream {
namespace fs = std::filesystem;

namespace {
std::string size_text(size_t bytes) {
  return bytes >= (size_t(1) << 20) ? std::to_string(bytes >> 20) + " MB" : std::to_string(bytes) + " bytes";
}
}  // namespace

std::vector<uint8_t> read_file_bytes(const std::string& path, const std::string& what, size_t max_bytes) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw runtime_error(what + " not found: " + path, "check the path");
  if (fs::is_directory(status)) throw runtime_error(what + " path is a folder, not a file: " + path, "give a file");
  // A device never ends (/dev/zero) or is not a file at all: reading it would exhaust memory.
  if (fs::is_character_file(status) || fs::is_block_file(status) || fs::is_socket(status))
    throw runtime_error(what + " path is a device, not a file: " + path, "give a file");
  std::vector<uint8_t> bytes;
  if (fs::is_regular_file(status)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes)
      throw runtime_error(what + " " + path + " is " + size_text(size) + ", over the limit of " + size_text(max_bytes),
                          "give a smaller file");
    if (!ec) bytes.reserve(size);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw runtime_error("cannot open " + what + " " + path + ": " + std::strerror(errno), "check its permissions");
  // Read in blocks up to the limit: a pipe has no size to check first.
  char block[1 << 16];
  while (in) {
    in.read(block, sizeof block);
    const auto got = static_cast<size_t>(in.gcount());
    if (bytes.size() + got > max_bytes)
      throw runtime_error(what + " " + path + " is over the limit of " + size_text(max_bytes), "give a smaller file");
    bytes.insert(bytes.end(), block, block + got);
  }
  if (in.bad()) throw runtime_error("cannot read " + what + " " + path + ": " + std::strerror(errno), "check the file");
  return bytes;
}

std::string read_file_text(const std::string& path, const std::string& what, size_t max_bytes) {
  auto bytes = read_file_bytes(path, what, max_bytes);
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
  if (!f) throw runtime_error("cannot write " + what + " " + path + ": " + std::strerror(errno), "choose a writable folder");
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
    throw runtime_error("cannot move " + what + " into place at " + path + ": " + std::strerror(e), "choose a writable folder");
  }
}

void write_file_atomically(const std::string& path, const std::string& text, const std::string& what) {
  write_file_atomically(path, std::vector<uint8_t>(text.begin(), text.end()), what);
}

int probe_folder_write(const std::string& dir) {
  const std::string probe = (fs::path(dir) / (".livedream-write-test-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    if (e != EEXIST) return e;
    // else a stale probe from a killed run with our pid: the folder is writable
  } else {
    ::close(fd);
  }
  ::unlink(probe.c_str());
  return 0;
}

void check_writable_folder(const std::string& dir) {
  if (const int e = probe_folder_write(dir))
    throw runtime_error("cannot write to folder " + dir + ": " + std::strerror(e), "choose a writable folder");
}

}  // namespace livedream
