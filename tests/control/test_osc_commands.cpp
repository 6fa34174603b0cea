// The OSC parser (control/osc_commands): every address of the table parses with its own type tags,
// values land in the right DreamParams field, and bad messages are refused in one line naming
// the address and the problem.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/error.h"
#include "control/osc_commands.h"
#include "core/file_io.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;
using namespace livedream::osc;

namespace {

Arg f(double v) { return {'f', v, {}}; }
Arg i(double v) { return {'i', v, {}}; }
Arg s(const std::string& t) { return {'s', 0, t}; }

std::string tags(const std::vector<Arg>& args) {
  std::string out;
  for (const auto& a : args) out += a.tag;
  return out;
}

Command parse(const std::string& address, const std::vector<Arg>& args) { return parse_message(address, tags(args), args); }

DreamParams applied(const std::string& address, const std::vector<Arg>& args, DreamParams p = {}) {
  apply_to_params(parse(address, args), p);
  return p;
}

// The message of the error parsing throws ("" when it does not throw).
std::string refusal(const std::string& address, const std::vector<Arg>& args) {
  try {
    (void)parse(address, args);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("osc: numeric parameters land in their DreamParams fields") {
  CHECK(applied("/livedream/zoom", {f(1.05)}).zoom == 1.05f);
  CHECK(applied("/livedream/rotate", {f(-2.5)}).rotate_deg == -2.5f);
  CHECK(applied("/livedream/step_size", {f(0.02)}).step_size == 0.02f);
  CHECK(applied("/livedream/octaves", {i(4)}).octaves == 4);
  CHECK(applied("/livedream/octave_scale", {f(1.6)}).octave_scale == 1.6f);
  CHECK(applied("/livedream/jitter", {i(16)}).jitter == 16);
  CHECK(applied("/livedream/source_blend", {f(0.25)}).source_blend == 0.25f);
  CHECK(applied("/livedream/max_dim", {i(320)}).max_dim == 320);
  const DreamParams pan = applied("/livedream/pan", {f(3), f(-4)});
  CHECK(pan.pan_x == 3.0f);
  CHECK(pan.pan_y == -4.0f);
  CHECK(applied("/livedream/pan_y", {f(7)}).pan_y == 7.0f);
  CHECK(applied("/livedream/temporal_decay", {f(0.5)}).temporal_decay == 0.5f);
}

TEST_CASE("osc: any OSC number type is taken for a number, whole numbers where the parameter is one") {
  CHECK(applied("/livedream/zoom", {i(1)}).zoom == 1.0f);              // an integer for a float
  CHECK(applied("/livedream/zoom", {{'d', 1.25, {}}}).zoom == 1.25f);  // a double
  CHECK(applied("/livedream/octaves", {f(3)}).octaves == 3);           // a whole float for an int
  CHECK(contains(refusal("/livedream/octaves", {f(2.5)}), "not a whole number"));
}

TEST_CASE("osc: words and layer specs") {
  CHECK(applied("/livedream/loss", {s("mean-square")}).loss == LossKind::MeanSquare);
  CHECK(applied("/livedream/octave_mode", {s("cycle")}).octave_mode == OctaveMode::Cycle);
  CHECK(applied("/livedream/border", {s("edge")}).border == BorderFill::Edge);
  CHECK(applied("/livedream/precondition", {s("laplacian")}).precondition == Precondition::Laplacian);
  CHECK(applied("/livedream/transforms", {s("robust")}).transforms == Transforms::Robust);
  CHECK(applied("/livedream/guide_cosine_power", {f(1)}).guide_cosine_power == 1.0f);
  CHECK(contains(refusal("/livedream/precondition", {s("wavelet")}), "not one of none, laplacian, fourier or smooth"));
  const DreamParams two = applied("/livedream/layers", {s("inception_3b:0.5,inception_4c:97")});
  REQUIRE(two.layers.size() == 2);
  CHECK(two.layers[1].channels == std::vector<int>{97});
  CHECK(contains(refusal("/livedream/loss", {s("huber")}), "not one of mean or mean-square"));
}

TEST_CASE("osc: /livedream/layer/N/... edits layer N and refuses a layer the dream does not have") {
  DreamParams p;
  p.layers = parse_layers("inception_3b,inception_4c");
  CHECK(applied("/livedream/layer/1/weight", {f(1.5)}, p).layers[1].weight == 1.5f);
  CHECK(applied("/livedream/layer/0/weight", {f(-0.5)}, p).layers[0].weight == -0.5f);
  CHECK(applied("/livedream/layer/0/channels", {s("97+12")}, p).layers[0].channels == std::vector<int>{97, 12});
  CHECK(applied("/livedream/layer/1/name", {s("inception_5b")}, p).layers[1].layer == "inception_5b");
  p.layers[0].channels = {3};
  CHECK(applied("/livedream/layer/0/channels", {s("")}, p).layers[0].channels.empty());

  const Command third = parse("/livedream/layer/2/weight", {f(1)});
  CHECK(third.layer == 2);
  const DreamParams before = p;
  try {
    apply_to_params(third, p);
    FAIL("layer 2 of 2 applied");
  } catch (const Error& e) {
    CHECK(contains(e.what(), "no layer 2"));
  }
  CHECK(p == before);  // untouched
  CHECK(contains(refusal("/livedream/layer/64/weight", {f(1)}), "above 63"));
  CHECK(contains(refusal("/livedream/layer/x/weight", {f(1)}), "unknown OSC address"));
  CHECK(contains(refusal("/livedream/layer//weight", {f(1)}), "unknown OSC address"));
}

TEST_CASE("osc: actions") {
  CHECK(parse("/livedream/pause", {}).action == Action::TogglePause);
  const Command pause = parse("/livedream/pause", {i(1)});
  CHECK(pause.action == Action::SetPause);
  CHECK(pause.flag == 1);
  CHECK(parse("/livedream/pause", {{'F', 0, {}}}).flag == 0);  // OSC false
  CHECK(parse("/livedream/record", {i(0)}).flag == 0);
  CHECK(parse("/livedream/record", {}).action == Action::ToggleRecord);
  CHECK(parse("/livedream/reset", {}).action == Action::Reset);
  CHECK(parse("/livedream/step", {}).action == Action::Step);
  CHECK(parse("/livedream/screenshot", {}).action == Action::Screenshot);
  const Command preset = parse("/livedream/preset", {s("classic")});
  CHECK(preset.action == Action::Preset);
  CHECK(preset.text == "classic");
  CHECK(contains(refusal("/livedream/preset", {s("../../etc/x")}), "not a preset name"));
  CHECK(parse("/livedream/open", {s("clouds")}).text == "clouds");
  CHECK(contains(refusal("/livedream/pause", {i(2)}), "outside 0 or 1"));
}

TEST_CASE("osc: the video file's playback: play, pause, seek, loop and rate") {
  CHECK(parse("/livedream/video/play", {}).action == Action::VideoPlay);
  CHECK(parse("/livedream/video/pause", {}).action == Action::VideoPause);
  const Command seek = parse("/livedream/video/seek", {f(12.5)});
  CHECK(seek.action == Action::VideoSeek);
  CHECK(seek.numbers.at(0) == Approx(12.5));
  const Command loop = parse("/livedream/video/loop", {i(0)});
  CHECK(loop.action == Action::VideoLoop);
  CHECK(loop.flag == 0);
  CHECK(parse("/livedream/video/loop", {{'T', 0, {}}}).flag == 1);
  const Command rate = parse("/livedream/video/rate", {f(2)});
  CHECK(rate.action == Action::VideoRate);
  CHECK(rate.numbers.at(0) == Approx(2));
  CHECK(contains(refusal("/livedream/video/rate", {f(0)}), "outside 0.1..4"));
  CHECK(contains(refusal("/livedream/video/seek", {f(-1)}), "outside 0..86400"));
  CHECK(contains(refusal("/livedream/video/loop", {i(3)}), "outside 0 or 1"));
  for (const char* address :
       {"/livedream/video/play", "/livedream/video/pause", "/livedream/video/seek", "/livedream/video/loop", "/livedream/video/rate"}) {
    bool listed = false;
    for (const auto& row : address_table()) listed = listed || row.address == address;
    CHECK(listed);
  }
}

TEST_CASE("osc: bad messages are refused in one line naming the address and the problem") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {refusal("/livedream/nope", {f(1)}), "unknown OSC address '/livedream/nope'"},
      {refusal("/livedream/zoom", {s("big")}), "/livedream/zoom takes a number, got type tags ',s'"},
      {refusal("/livedream/zoom", {}), "/livedream/zoom takes a number, got none"},
      {refusal("/livedream/zoom", {f(1), f(1)}), "takes a number, got type tags ',ff'"},
      {refusal("/livedream/zoom", {f(3)}), "/livedream/zoom: 3 is outside 0.5..2"},
      {refusal("/livedream/zoom", {f(std::nan(""))}), "not a finite number"},
      {refusal("/livedream/step_size", {f(0)}), "outside 0.00001..1"},
      {refusal("/livedream/reset", {i(1)}), "takes no arguments"},
      {refusal("/livedream/layers", {s("a\nb")}), "control characters"},
      {refusal("/livedream/open", {s(std::string(2000, 'x'))}), "longer than 1024"},
      {refusal(std::string(300, '/'), {}), "longer than 256"},
      {refusal("/livedream/zoom\x01", {f(1)}), "unknown OSC address '/livedream/zoom?'"},
  };
  for (const auto& [message, expected] : cases) {
    INFO(message);
    CHECK(contains(message, expected));
    CHECK(message.find('\n') == std::string::npos);
    CHECK(contains(message, "livedream osc --list"));
  }
  // Tags and arguments that disagree (a caller's bug, or a fuzzer's) are refused, not trusted.
  CHECK_THROWS_AS(parse_message("/livedream/zoom", "f", {}), Error);
  CHECK_THROWS_AS(parse_message("/livedream/zoom", "f", {s("x")}), Error);
}

TEST_CASE("osc: a value refused by the parser or when applied leaves the parameters unchanged") {
  DreamParams p;
  const DreamParams before = p;
  // The parameter table's range is the parser's: tile 10 never becomes a command.
  CHECK(refusal("/livedream/tile", {i(10)}) == "OSC /livedream/tile: 10 is outside 0 or 64..8192 (" +
                                                   std::string("livedream osc --list shows every address with its type tags and range)"));
  try {
    apply_to_params(parse("/livedream/layer/2/weight", {f(1)}), p);  // the dream has one layer
    FAIL("layer 2 applied");
  } catch (const Error& e) {
    CHECK(contains(e.what(), "OSC /livedream/layer/N/weight: there is no layer 2"));
  }
  CHECK(p == before);
  CHECK_THROWS_AS(apply_to_params(parse("/livedream/reset", {}), p), Error);  // not a parameter
}

TEST_CASE("osc: the address table lists every address once per type signature, in both formats") {
  const auto& table = address_table();
  REQUIRE(table.size() >= 25);
  std::set<std::string> seen, addresses;
  for (const auto& row : table) {
    INFO(row.address);
    CHECK(row.address.rfind("/livedream/", 0) == 0);
    CHECK(!row.what.empty());
    CHECK(seen.insert(row.address + " " + row.types).second);
    addresses.insert(row.address);
  }
  for (const char* address :
       {"/livedream/step_size", "/livedream/layer/N/weight", "/livedream/zoom", "/livedream/rotate", "/livedream/pause", "/livedream/reset",
        "/livedream/screenshot", "/livedream/record", "/livedream/octaves", "/livedream/octave_scale", "/livedream/jitter",
        "/livedream/preset", "/livedream/pan", "/livedream/source_blend", "/livedream/layers"})
    CHECK(addresses.count(address) == 1);
  const std::string text = format_address_table(false);
  const std::string markdown = format_address_table(true);
  bool weight_line = false;  // aligned columns: the address, then its type tags after the padding
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    if (line.rfind("/livedream/layer/N/weight ", 0) == 0)
      weight_line = line.find(" f ") != std::string::npos && contains(line, "-100..100");
    at = end + 1;
  }
  CHECK(weight_line);
  CHECK(contains(markdown, "| `/livedream/zoom` | `f` | 0.5..2 |"));
  CHECK(std::count(markdown.begin(), markdown.end(), '\n') == static_cast<long>(table.size()) + 2);
}

TEST_CASE("osc: the README's table of addresses is the parser's own") {
  const std::string readme = read_file_text(livedream::test::source_dir() + "/README.md", "README");
  INFO("regenerate it with: build/livedream osc --list --markdown");
  CHECK(contains(readme, format_address_table(true)));
}
