// Whole-file reads and crash-safe writes, with one-line errors naming the path and the fix.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

// `what` names the kind of file in messages ("image", "preset", ...).
std::vector<uint8_t> read_file_bytes(const std::string& path, const std::string& what);
std::string read_file_text(const std::string& path, const std::string& what);

// Writes to "<path>.tmp-<pid>" in the same folder, flushes, then renames over `path`: a reader
// (or a crash) never sees a half-written file. Creates no folders: a missing folder is an error.
void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes, const std::string& what);
void write_file_atomically(const std::string& path, const std::string& text, const std::string& what);

}  // namespace livedream
