#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/file_io.h"
#include "core/image.h"
#include "core/image_resize.h"
#include "core/procedural_image.h"
#include "core/sha256.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;

TEST_CASE("PNG round trip keeps pixels and text chunks") {
  Image img = make_clouds(37, 21, 3);
  const std::string dir = test::tmp_dir("png_roundtrip");
  const std::string path = dir + "/a.png";
  save_png(path, img, {{"livedream", "{\"x\":1}"}, {"Software", "livedream"}});
  Image back = load_image(path);
  CHECK(back.width == 37);
  CHECK(back.height == 21);
  CHECK(back.rgb == img.rgb);
  auto text = read_png_text(path);
  CHECK(text["livedream"] == "{\"x\":1}");
  CHECK(text["Software"] == "livedream");
  // No temporary file is left behind.
  size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("procedural clouds are deterministic and not flat") {
  Image a = make_clouds(64, 48, 7), b = make_clouds(64, 48, 7), c = make_clouds(64, 48, 8);
  CHECK(a.rgb == b.rgb);
  CHECK(a.rgb != c.rgb);
  int lo = 255, hi = 0;
  for (uint8_t v : a.rgb) {
    lo = std::min<int>(lo, v);
    hi = std::max<int>(hi, v);
  }
  CHECK(hi - lo > 100);
}

TEST_CASE("bad image files give one-line errors") {
  const std::string dir = test::tmp_dir("bad_images");
  auto expect = [](const std::string& path, const std::string& needle) {
    try {
      load_image(path);
      FAIL("loaded " << path);
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  };
  expect(dir + "/missing.png", "not found");
  { std::ofstream(dir + "/empty.png"); }
  expect(dir + "/empty.png", "empty");
  { std::ofstream(dir + "/text.png") << "hello, not an image"; }
  expect(dir + "/text.png", "cannot read image");
  auto png = encode_png(make_clouds(64, 64));
  png.resize(png.size() / 2);
  { std::ofstream(dir + "/truncated.png", std::ios::binary).write(reinterpret_cast<char*>(png.data()), png.size()); }
  expect(dir + "/truncated.png", "truncated");
  expect(dir, "folder");
}

TEST_CASE("fit_longest_side scales down only") {
  Image img = make_clouds(200, 100);
  auto small = fit_longest_side(img, 50);
  CHECK(small.width == 50);
  CHECK(small.height == 25);
  CHECK(fit_longest_side(img, 500).width == 200);
  CHECK(fit_longest_side(img, 0).width == 200);
}

TEST_CASE("sha256 matches known vectors") {
  CHECK(sha256_hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string abc = "abc";
  CHECK(sha256_hex(std::vector<uint8_t>(abc.begin(), abc.end())) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("atomic writes refuse missing folders") {
  CHECK_THROWS_AS(write_file_atomically("/nonexistent-folder/x.png", std::string("x"), "PNG"), Error);
}
