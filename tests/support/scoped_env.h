// Sets (or unsets) an environment variable for one scope, restoring it afterwards.
#pragma once
#include <cstdlib>
#include <optional>
#include <string>

namespace livedream::test {

struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  // value: what to set; std::nullopt unsets the variable.
  ScopedEnv(const std::string& n, const std::optional<std::string>& value) : name(n) {
    if (const char* v = std::getenv(n.c_str())) old = v;
    if (value)
      ::setenv(n.c_str(), value->c_str(), 1);
    else
      ::unsetenv(n.c_str());
  }
  ~ScopedEnv() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
};

}  // namespace livedream::test
