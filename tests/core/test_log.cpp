// The one way livedream speaks: the line format, the levels --quiet and --verbose keep.
#include "core/log.h"
#include "support/catch.h"

using namespace livedream;

TEST_CASE("log: one line per message, with its level, and --quiet / --verbose choose the levels") {
  CHECK(log::line(log::Level::Error, "no such file x.png (check the path)") == "livedream: error: no such file x.png (check the path)\n");
  CHECK(log::line(log::Level::Warning, "w") == "livedream: warning: w\n");
  CHECK(log::line(log::Level::Note, "n") == "livedream: note: n\n");
  CHECK(log::line(log::Level::Info, "wrote out.png") == "livedream: wrote out.png\n");
  CHECK(log::line(log::Level::Debug, "d") == "livedream: debug: d\n");
  CHECK(log::words("wrote ", 12, " frames at ", 29.97, " fps") == "wrote 12 frames at 29.97 fps");

  log::set_verbosity(log::Verbosity::Quiet);
  CHECK(log::enabled(log::Level::Error));
  CHECK_FALSE(log::enabled(log::Level::Warning));
  CHECK_FALSE(log::enabled(log::Level::Info));
  log::set_verbosity(log::Verbosity::Normal);
  CHECK(log::enabled(log::Level::Warning));
  CHECK(log::enabled(log::Level::Info));
  CHECK_FALSE(log::enabled(log::Level::Debug));
  log::set_verbosity(log::Verbosity::Verbose);
  CHECK(log::enabled(log::Level::Debug));
  log::set_verbosity(log::Verbosity::Normal);
}
