#include "core/http_fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/error.h"

namespace livedream {
namespace {

struct Sink {
  std::vector<uint8_t>* bytes;
  size_t max_bytes;
  bool too_large = false;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->bytes->size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->bytes->insert(sink->bytes->end(), data, data + n);
  return n;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

FetchLimits FetchLimits::from_environment() {
  FetchLimits limits;
  auto positive = [](const char* name) -> long long {
    const char* v = std::getenv(name);
    if (!v || !*v) return 0;
    char* end = nullptr;
    const long long n = std::strtoll(v, &end, 10);
    return end && *end == '\0' && n > 0 ? n : 0;
  };
  if (const long long t = positive("LIVEDREAM_HTTP_TIMEOUT")) {
    limits.timeout_seconds = static_cast<long>(std::min<long long>(t, 24 * 3600));
    limits.connect_timeout_seconds = std::min(limits.connect_timeout_seconds, limits.timeout_seconds);
  }
  if (const long long b = positive("LIVEDREAM_HTTP_MAX_BYTES")) limits.max_bytes = static_cast<size_t>(b);
  return limits;
}

bool is_url(const std::string& text) { return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0; }

std::vector<uint8_t> http_fetch(const std::string& url, const FetchLimits& limits) {
  init_curl_once();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw runtime_error("cannot start a download of " + url, "out of memory?");
  std::vector<uint8_t> bytes;
  Sink sink{&bytes, limits.max_bytes};
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, limits.max_redirects);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, limits.timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "livedream/" LIVEDREAM_VERSION);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
  const CURLcode rc = curl_easy_perform(curl.get());
  const std::string fix = "check the URL or download the image and pass its path";
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED)
    throw runtime_error(
        "download of " + url + " is larger than the limit of " +
            (limits.max_bytes >= (1u << 20) ? std::to_string(limits.max_bytes >> 20) + " MB" : std::to_string(limits.max_bytes) + " bytes"),
        "download it yourself and pass the file");
  if (rc == CURLE_OPERATION_TIMEDOUT)
    throw runtime_error("download of " + url + " timed out after " + std::to_string(limits.timeout_seconds) + " s", fix);
  if (rc == CURLE_TOO_MANY_REDIRECTS)
    throw runtime_error(
        "download of " + url + " followed more than " + std::to_string(limits.max_redirects) + " redirects (a redirect loop?)", fix);
  if (rc != CURLE_OK)
    throw runtime_error("download of " + url + " failed: " + (error[0] ? std::string(error) : curl_easy_strerror(rc)), fix);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400) throw runtime_error("download of " + url + " failed with HTTP status " + std::to_string(status), fix);
  return bytes;
}

}  // namespace livedream
