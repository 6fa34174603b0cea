// One include for Catch2 v2 (Debian 12) and v3 (newer distributions), plus a visible skip.
#pragma once
#if defined(LIVEDREAM_CATCH3)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#include <cstdio>
#include <cstdlib>
#include <string>

namespace livedream::test {
// Prints the reason and ends the test with exit code 77, which CTest reports as "Skipped"
// (SKIP_RETURN_CODE), so a test that cannot run here never shows as passed.
[[noreturn]] inline void skip(const std::string& reason) {
  std::printf("SKIPPED: %s\n", reason.c_str());
  std::fflush(stdout);
  std::_Exit(77);
}
}  // namespace livedream::test

#define LIVEDREAM_SKIP(reason) ::livedream::test::skip(reason)
