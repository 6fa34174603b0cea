// Whole-file reads and crash-safe writes, with one-line errors naming the path and the fix.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

// `what` names the kind of file in messages ("image", "preset", ...). Files larger than max_bytes
// are refused before they are read, and devices (/dev/zero, /dev/urandom: endless) are refused.
constexpr size_t kMaxFileBytes = size_t(1) << 30;       // images: stb decodes at most 2 GB anyway
constexpr size_t kMaxTextFileBytes = size_t(64) << 20;  // presets, settings, shaders
std::vector<uint8_t> read_file_bytes(const std::string& path, const std::string& what, size_t max_bytes = kMaxFileBytes);
std::string read_file_text(const std::string& path, const std::string& what, size_t max_bytes = kMaxTextFileBytes);

// Writes to "<path>.tmp-<pid>" in the same folder, flushes, then renames over `path`: a reader
// (or a crash) never sees a half-written file. Creates no folders: a missing folder is an error.
void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes, const std::string& what);
void write_file_atomically(const std::string& path, const std::string& text, const std::string& what);

// Throws a one-line runtime_error unless a file can be created in `dir` now. access(W_OK) is not
// enough: it says yes to root on read-only mounts and /proc and knows nothing of quotas, so this
// creates a real (empty) file and removes it again.
// probe_folder_write returns 0 or the errno of the failed create.
int probe_folder_write(const std::string& dir);
void check_writable_folder(const std::string& dir);

}  // namespace livedream
