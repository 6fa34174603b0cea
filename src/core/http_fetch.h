// Downloads an http(s) URL into memory (INPUT may be a URL, as in the TensorFlow tutorial).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

struct FetchLimits {
  long timeout_seconds = 30;  // whole transfer
  long connect_timeout_seconds = 10;
  size_t max_bytes = 64u << 20;  // refuse larger downloads
  long max_redirects = 5;

  // The defaults above, overridden by $LIVEDREAM_HTTP_TIMEOUT (seconds, whole transfer; the
  // connect timeout is never longer) and $LIVEDREAM_HTTP_MAX_BYTES (tests use small values).
  static FetchLimits from_environment();
};

bool is_url(const std::string& text);

// Throws livedream::Error with one line naming the URL and what went wrong (timeout, HTTP status,
// redirect loop, size limit, unreachable host).
std::vector<uint8_t> http_fetch(const std::string& url, const FetchLimits& limits = FetchLimits::from_environment());

}  // namespace livedream
