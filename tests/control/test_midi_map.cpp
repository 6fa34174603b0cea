// MIDI learn's map file (control/midi_map): a round trip through a file, the documented example,
// and every kind of bad file refused in one line naming the file, the binding and the fix.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/midi_map.h"
#include "control/midi_router.h"
#include "control/osc_commands.h"
#include "core/error.h"
#include "core/file_io.h"
#include "support/catch.h"
#include "support/test_env.h"

using namespace livedream;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

MidiBinding knob(MidiSource::Kind kind, int number, const std::string& address, int channel = 0) {
  return default_binding({kind, channel, number}, address);
}

std::string refusal(const std::string& text) {
  try {
    (void)midi_map_from_json(text, "bad.json");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("midi: the map file round trip") {
  MidiMap map;
  map.device = "nanoKONTROL2";
  map.bindings = {knob(MidiSource::CC, 16, "/livedream/step_size"),  knob(MidiSource::CC14, 0, "/livedream/zoom"),
                  knob(MidiSource::Note, 36, "/livedream/pause", 9), knob(MidiSource::PitchBend, 0, "/livedream/rotate", 1),
                  knob(MidiSource::CC, 45, "/livedream/screenshot"), knob(MidiSource::CC, 17, "/livedream/layer/1/weight", 15)};
  map.bindings[0].min = 0.001;
  map.bindings[0].max = 0.2;
  map.bindings[2].note_mode = NoteMode::Toggle;
  map.bindings[3].pickup = false;
  map.bindings[5].min = 2;
  map.bindings[5].max = -2;
  map.bindings[5].curve = MidiCurve::Linear;
  const std::string dir = test::tmp_dir("midi_map");
  const std::string path = dir + "/map.json";
  save_midi_map(path, map);
  const MidiMap back = load_midi_map(path);
  CHECK(back.device == map.device);
  REQUIRE(back.bindings.size() == map.bindings.size());
  for (size_t i = 0; i < map.bindings.size(); ++i) {
    const MidiBinding &a = map.bindings[i], &b = back.bindings[i];
    CHECK(a.source == b.source);
    CHECK((a.address == b.address && a.curve == b.curve && a.min == b.min && a.max == b.max));
    CHECK((a.note_mode == b.note_mode && a.pickup == b.pickup));
  }
  const std::string text = read_file_text(path, "MIDI map");
  CHECK(contains(text, "\"channel\": 10"));  // channels as devices show them
  CHECK(contains(text, "\"mode\": \"toggle\""));

  const MidiMap example = midi_map_from_json(R"({"device": "nanoKONTROL2", "bindings": [
      {"cc": 16, "channel": 1, "address": "/livedream/step_size", "curve": "log", "min": 0.001, "max": 0.2},
      {"cc14": 0, "channel": 1, "address": "/livedream/zoom"},
      {"note": 36, "channel": 10, "address": "/livedream/pause", "mode": "toggle"},
      {"pitchbend": true, "channel": 1, "address": "/livedream/rotate"}]})",
                                             "example.json");
  REQUIRE(example.bindings.size() == 4);
  CHECK((example.bindings[1].source == MidiSource{MidiSource::CC14, 0, 0} && example.bindings[1].curve == MidiCurve::Log));
  CHECK((example.bindings[2].source == MidiSource{MidiSource::Note, 9, 36} && example.bindings[2].note_mode == NoteMode::Toggle));
  CHECK((example.bindings[3].source.kind == MidiSource::PitchBend && example.bindings[3].min == -45));
  try {
    (void)load_midi_map(dir + "/missing.json");
    FAIL("a missing map loaded");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Runtime);
  }
}

TEST_CASE("midi: a bad map file is refused in one line naming the file, the binding and the fix") {
  const std::string zoom = R"({"cc": 1, "channel": 1, "address": "/livedream/zoom"})";
  auto one = [](const std::string& binding) { return R"({"bindings": [)" + binding + "]}"; };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {one(R"({"cc": 200, "channel": 1, "address": "/livedream/zoom"})"), "CC 200 is outside 0..127"},
      {one(R"({"cc14": 40, "channel": 1, "address": "/livedream/zoom"})"), "cc14 40 is outside 0..31"},
      {one(R"({"cc": 1.5, "channel": 1, "address": "/livedream/zoom"})"), "not a whole number"},
      {one(R"({"cc": 1, "channel": 17, "address": "/livedream/zoom"})"), "channel 17 is outside 1..16"},
      {one(R"({"cc": 1, "channel": 0, "address": "/livedream/zoom"})"), "channel 0 is outside 1..16"},
      {one(R"({"cc": 1, "address": "/livedream/zoom"})"), "no channel"},
      {one(R"({"cc": 1, "note": 2, "channel": 1, "address": "/livedream/zoom"})"), "more than one MIDI source"},
      {one(R"({"channel": 1, "address": "/livedream/zoom"})"), "no MIDI source"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/rotate", "curve": "log"})"), "a log curve needs min and max above 0"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/zoom", "curve": "log", "min": 0})"), "min 0 is outside 0.5..2"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/zoom", "max": 3})"), "max 3 is outside 0.5..2"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/zoom", "knob": 3})"), "unknown key 'knob'"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/zoom", "mode": "toggle"})"), "'mode' is for notes and buttons"},
      {one(R"({"pitchbend": true, "channel": 1, "address": "/livedream/pause"})"), "cannot press"},
      {one(R"({"cc14": 1, "channel": 1, "address": "/livedream/reset"})"), "cannot press"},
      {one(R"({"note": 1, "channel": 1, "address": "/livedream/pause", "curve": "log"})"), "takes no number"},
      {one(R"({"note": 1, "channel": 1, "address": "/livedream/screenshot", "mode": "toggle"})"), "toggle needs"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/pan"})"), "takes two numbers"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/loss"})"), "takes text"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/layer/99/weight"})"), "layer index 99"},
      {one(R"({"cc": 1, "channel": 1, "address": "/livedream/nope"})"), "'/livedream/nope' is not an OSC address"},
      {R"({"bindings": [)" + zoom + R"(, {"cc": 2, "channel": 1, "address": "/livedream/nope"}]})", "bindings[1]: "},
  };
  for (const auto& [text, problem] : bad) {
    INFO(text);
    const std::string message = refusal(text);
    REQUIRE(!message.empty());
    CHECK(contains(message, problem));
    CHECK(message.rfind("bad.json: bindings[", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.back() == ')');  // "... (the fix)"
  }
  for (const std::string& text :
       {std::string("not json"), std::string(R"({"bindings": [], "extra": 1})"), std::string(R"({"bindings": 3})")}) {
    INFO(text);
    const std::string message = refusal(text);
    REQUIRE(!message.empty());
    CHECK(message.rfind("bad.json: ", 0) == 0);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.back() == ')');
  }
  CHECK(midi_map_from_json(one(R"({"cc": 1, "channel": 1, "address": "/livedream/layer/3/weight"})"), "ok.json").bindings[0].min == -100);
  MidiBinding bad_binding = knob(MidiSource::CC, 1, "/livedream/rotate");
  bad_binding.curve = MidiCurve::Log;
  CHECK_THROWS_AS((MidiRouter(MidiMap{"", {bad_binding}})), Error);
}

TEST_CASE("midi: a pad per preset: learned with the preset's name, it loads that preset, kept in the map") {
  MidiRouter router;
  CHECK_THROWS_AS(router.learn("/livedream/preset"), Error);  // which preset? a press must send a name
  router.learn("/livedream/preset", "classic");
  CHECK(router.learning_text() == "classic");
  const auto none = [](const std::string&) { return std::optional<double>(); };
  CHECK(router.on_message({0x99, 36, 100}, 0.0, none).empty());  // the learning press
  router.learn("/livedream/preset", "tutorial");
  CHECK(router.on_message({0x99, 37, 100}, 0.1, none).empty());
  REQUIRE(router.bindings().size() == 2);  // one pad per preset: the second did not replace the first
  auto out = router.on_message({0x99, 36, 100}, 0.2, none);
  REQUIRE(out.size() == 1);
  const osc::Command c = osc::parse_message(out[0].address, out[0].types, out[0].args);
  CHECK(c.action == osc::Action::Preset);
  CHECK(c.text == "classic");
  out = router.on_message({0x99, 37, 100}, 0.3, none);
  REQUIRE(out.size() == 1);
  CHECK(out[0].args.at(0).text == "tutorial");
  // The map file keeps the text, and a text where none applies (or none where one must) is one line.
  const MidiMap back = midi_map_from_json(to_json(router.map()).dump(), "map.json");
  REQUIRE(back.bindings.size() == 2);
  CHECK(back.bindings[0].text == "classic");
  auto error_of = [](const std::string& text) {
    try {
      midi_map_from_json(text, "bad.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string no_text = error_of(R"({"bindings": [{"note": 36, "channel": 10, "address": "/livedream/preset"}]})");
  CHECK(no_text.find("bad.json: bindings[0]") != std::string::npos);
  CHECK(no_text.find("\"text\"") != std::string::npos);
  CHECK(error_of(R"({"bindings": [{"cc": 7, "channel": 1, "address": "/livedream/zoom", "text": "x"}]})").find("takes no text") !=
        std::string::npos);
  CHECK(error_of(R"({"bindings": [{"note": 1, "channel": 1, "address": "/livedream/loss", "text": "huber"}]})").find("huber") !=
        std::string::npos);
}
