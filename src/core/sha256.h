// SHA-256, to print the checksum of every model livedream loads (TorchScript files can run code).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

std::string sha256_hex(const std::vector<uint8_t>& bytes);
std::string sha256_file(const std::string& path);

}  // namespace livedream
