#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "capture/capture_paths.h"
#include "capture/even_dimensions.h"
#include "capture/output_format.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::capture;
namespace fs = std::filesystem;

namespace {
std::time_t utc_time(int y, int mo, int d, int h, int mi, int s) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return ::timegm(&tm);
}
void touch(const std::string& path) { std::ofstream(path) << "x"; }
}  // namespace

TEST_CASE("capture names carry the local time and a counter, and sort by time") {
  const auto t = utc_time(2026, 11, 29, 3, 15, 2);
  CHECK(capture_stem(t, 1) == "livedream-20261129-031502-001");
  CHECK(capture_stem(t, 42) == "livedream-20261129-031502-042");
  CHECK(capture_stem(t, 1) < capture_stem(t, 2));
  CHECK(capture_stem(t, 999) < capture_stem(t + 1, 1));
  CHECK(capture_stem(utc_time(2026, 9, 30, 23, 59, 59), 1) < capture_stem(utc_time(2026, 10, 1, 0, 0, 0), 1));
}

TEST_CASE("unique names skip every stem already used by a file or folder") {
  const std::string dir = test::tmp_dir("capture_unique_names");
  const auto t = utc_time(2026, 11, 29, 3, 15, 2);
  CHECK(unique_capture_stem(dir, t) == "livedream-20261129-031502-001");
  touch(dir + "/livedream-20261129-031502-001.png");
  CHECK(unique_capture_stem(dir, t) == "livedream-20261129-031502-002");
  fs::create_directory(dir + "/livedream-20261129-031502-002");  // a PNG sequence recording
  touch(dir + "/livedream-20261129-031502-003.json");            // a sidecar whose PNG is gone
  CHECK(unique_capture_stem(dir, t) == "livedream-20261129-031502-004");
  touch(dir + "/livedream-20261129-031502-010.mp4");  // a gap is reused; 010 is not
  CHECK(unique_capture_stem(dir, t) == "livedream-20261129-031502-004");
  CHECK(unique_capture_stem(dir, t + 1) == "livedream-20261129-031503-001");
}

TEST_CASE("the captures folder is created when missing, unwritable ones are one-line errors") {
  const std::string dir = test::tmp_dir("capture_folder") + "/a/b/captures";
  ensure_writable_dir(dir);
  CHECK(fs::is_directory(dir));
  CHECK(fs::is_empty(dir));  // the write probe is removed again
  auto expect_error = [](const std::string& folder, const std::string& needle) {
    try {
      ensure_writable_dir(folder);
      FAIL("no error for " << folder);
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(e.exit_code() == 1);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  };
  expect_error("/sys", "cannot write to folder /sys");  // read-only even for root
  const std::string file = test::tmp_dir("capture_folder_file") + "/plain";
  touch(file);
  expect_error(file, "is a file, not a folder");
  expect_error(file + "/sub", "cannot create folder");
}

TEST_CASE("the output name picks the format: .mp4, .gif, a folder or a PNG pattern") {
  const std::string dir = test::tmp_dir("output_format");
  auto mp4 = parse_output(dir + "/dream.MP4");
  CHECK(mp4.format == OutputFormat::Mp4);
  CHECK(mp4.path == dir + "/dream.MP4");
  CHECK(parse_output("a.gif").format == OutputFormat::Gif);
  auto folder = parse_output("frames/");
  CHECK(folder.format == OutputFormat::PngSequence);
  CHECK(folder.path == "frames");
  CHECK(png_frame_path(folder, 7) == "frames/frame-000007.png");
  CHECK(parse_output(dir).format == OutputFormat::PngSequence);       // an existing folder
  CHECK(parse_output("frames").format == OutputFormat::PngSequence);  // no extension
  auto pattern = parse_output("out/shot-%04d.png");
  CHECK(pattern.format == OutputFormat::PngSequence);
  CHECK(pattern.path == "out");
  CHECK(png_frame_path(pattern, 12) == "out/shot-0012.png");
  CHECK(png_frame_path(pattern, 123456) == "out/shot-123456.png");
  CHECK(png_frame_path(parse_output("%d.png"), 5) == "./5.png");
  CHECK(png_frame_path(parse_output("x/100%%-%3d.png"), 5) == "x/100%-  5.png");
  for (const char* bad : {"dream.avi", "dream.png", "x/%s.png", "x/%d-%d.png", "x/%123d.png", "x/%d.jpg", ""}) {
    INFO(bad);
    try {
      parse_output(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.exit_code() == 2);
    }
  }
  auto fallback = png_fallback_for(parse_output("renders/dream.mp4"));
  CHECK(fallback.format == OutputFormat::PngSequence);
  CHECK(fallback.path == "renders/dream-frames");
  CHECK(png_frame_path(fallback, 0) == "renders/dream-frames/frame-000000.png");
}

TEST_CASE("odd frame sizes are padded to even by repeating the last row and column") {
  Image odd;
  odd.width = 3;
  odd.height = 3;
  for (int i = 0; i < 27; ++i) odd.rgb.push_back(static_cast<uint8_t>(i * 9));
  const Image even = pad_to_even(odd);
  REQUIRE(even.width == 4);
  REQUIRE(even.height == 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      INFO(x << "," << y);
      const uint8_t* want = odd.pixel(std::min(x, 2), std::min(y, 2));
      CHECK(std::equal(want, want + 3, even.pixel(x, y)));
    }
  Image already;
  already.width = 4;
  already.height = 2;
  already.rgb.assign(24, 7);
  CHECK(pad_to_even(already).rgb == already.rgb);
  CHECK(pad_to_even(already).width == 4);
  Image wide = already;
  wide.width = 8;
  wide.height = 1;
  CHECK(pad_to_even(wide).height == 2);
  CHECK(pad_to_even(wide).width == 8);
  CHECK(round_up_to_even(97) == 98);
  CHECK(round_up_to_even(64) == 64);
}
