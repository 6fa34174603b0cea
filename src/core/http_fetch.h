// Downloads an http(s) URL into memory (INPUT may be a URL, as in the TensorFlow tutorial).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

struct FetchLimits {
  long timeout_seconds = 30;           // whole transfer
  long connect_timeout_seconds = 10;
  size_t max_bytes = 64u << 20;        // refuse larger downloads
  long max_redirects = 5;
};

bool is_url(const std::string& text);

// Throws livedream::Error with one line naming the URL and what went wrong (timeout, HTTP status,
// redirect loop, size limit, unreachable host).
std::vector<uint8_t> http_fetch(const std::string& url, const FetchLimits& limits = {});

}  // namespace livedream
