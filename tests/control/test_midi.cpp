// MIDI learn, the pure part (control/midi_message, midi_map, midi_router): raw MIDI decoded, knobs
// scaled onto OSC addresses, 14-bit pairs and pitch bend, learning, soft takeover, notes and CCs as
// buttons (the map file: test_midi_map.cpp). Every OSC message the router makes is fed to
// osc::parse_message here: the viewer applies them that way, so that is the contract.
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "control/midi_map.h"
#include "control/midi_message.h"
#include "control/midi_router.h"
#include "control/osc_commands.h"
#include "core/error.h"
#include "support/catch.h"

using namespace livedream;

namespace {

using Bytes = std::vector<uint8_t>;
Bytes cc(int channel, int number, int value) { return {uint8_t(0xB0 | channel), uint8_t(number), uint8_t(value)}; }
Bytes note_on(int channel, int note, int velocity) { return {uint8_t(0x90 | channel), uint8_t(note), uint8_t(velocity)}; }
Bytes note_off(int channel, int note) { return {uint8_t(0x80 | channel), uint8_t(note), 0}; }
Bytes bend(int channel, int value) { return {uint8_t(0xE0 | channel), uint8_t(value & 0x7F), uint8_t(value >> 7)}; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

MidiBinding knob(MidiSource::Kind kind, int number, const std::string& address, int channel = 0) {
  return default_binding({kind, channel, number}, address);
}

// A router and the parameters' present values, applied as the viewer applies what it sends.
struct Rig {
  MidiRouter router;
  std::map<std::string, double> values;  // absent: unknown (no pickup)
  bool apply = true;                     // false: sends wait, as if the viewer had not drained them yet
  double now_s = 0;

  explicit Rig(std::vector<MidiBinding> bindings = {}) : router(MidiMap{"", std::move(bindings)}) {}

  std::vector<OscOut> send(const Bytes& bytes, double dt_s = 0.01) {
    now_s += dt_s;
    const auto out = router.on_message(bytes, now_s, [this](const std::string& address) -> std::optional<double> {
      const auto it = values.find(address);
      return it == values.end() ? std::nullopt : std::optional<double>(it->second);
    });
    for (const OscOut& o : out) {
      REQUIRE_NOTHROW(osc::parse_message(o.address, o.types, o.args));  // the contract
      if (apply && o.args.size() == 1 && values.count(o.address)) values[o.address] = o.args[0].number;
    }
    return out;
  }
};

double number_of(const std::vector<OscOut>& out) {
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].args.size() == 1);
  return out[0].args[0].number;
}

}  // namespace

TEST_CASE("midi: decoding the events we act on") {
  DecodedMidi d = decode_midi(cc(2, 7, 100));
  REQUIRE(d.result == Decode::Event);
  CHECK((d.event.type == MidiEvent::ControlChange && d.event.channel == 2 && d.event.number == 7 && d.event.value == 100));
  d = decode_midi(note_on(9, 36, 90));
  CHECK((d.event.type == MidiEvent::NoteOn && d.event.channel == 9 && d.event.number == 36 && d.event.value == 90));
  d = decode_midi(note_on(0, 60, 0));  // velocity 0 is a release
  CHECK((d.result == Decode::Event && d.event.type == MidiEvent::NoteOff && d.event.number == 60));
  CHECK(decode_midi(note_off(0, 60)).event.type == MidiEvent::NoteOff);
  d = decode_midi({0xE1, 0x00, 0x40});  // LSB first: 64 << 7 is the rest position
  CHECK((d.event.type == MidiEvent::PitchBend && d.event.channel == 1 && d.event.value == 8192 && d.event.number == 0));
  CHECK(decode_midi({0xE0, 0x7F, 0x7F}).event.value == 16383);
}

TEST_CASE("midi: messages we do not act on are ignored, broken ones are malformed") {
  for (const Bytes& b :
       {Bytes{0xC0, 5}, Bytes{0xD0, 64}, Bytes{0xA0, 60, 10}, Bytes{0xF8}, Bytes{0xFE}, Bytes{0xF0, 0x7E, 0x01, 0xF7}, Bytes{0xF2, 1, 2}})
    CHECK(decode_midi(b).result == Decode::Ignored);
  const std::vector<std::pair<Bytes, std::string>> broken = {
      {{}, "empty"},
      {{0x40, 0x10}, "status"},
      {{0xB0}, "lone status"},
      {{0xB0, 7}, "too short"},
      {{0xB0, 7, 0x80}, "data byte"},
      {{0x90, 0x90, 0x40}, "data byte"},
      {{0xB0, 7, 1, 2}, "too long"},
      {{0xF0, 0x7E, 0x01}, "F7"},
      {{0xF7}, "F7"},
      {{0xF8, 0x00}, "too long"},
  };
  for (const auto& [bytes, why] : broken) {
    const DecodedMidi d = decode_midi(bytes);
    CHECK(d.result == Decode::Malformed);
    CHECK(contains(d.problem, why));
  }
}

TEST_CASE("midi: sources and events in words") {
  CHECK(describe(MidiSource{MidiSource::CC, 0, 7}) == "CC 7 ch 1");
  CHECK(describe(MidiSource{MidiSource::CC14, 0, 7}) == "CC 7+39 (14-bit) ch 1");
  CHECK(describe(MidiSource{MidiSource::Note, 9, 60}) == "note C4 ch 10");
  CHECK(describe(MidiSource{MidiSource::PitchBend, 1, 0}) == "pitch bend ch 2");
  CHECK(note_name(61) == "C#4");
  CHECK(note_name(0) == "C-1");
  CHECK(describe(decode_midi(cc(0, 7, 100)).event) == "CC 7 = 100 ch 1");
  CHECK(describe(decode_midi(note_on(9, 36, 90)).event) == "note on C2 velocity 90 ch 10");
}

TEST_CASE("midi: linear and log scaling, and their inverse") {
  MidiBinding rotate = knob(MidiSource::CC, 1, "/livedream/rotate");
  CHECK(rotate.curve == MidiCurve::Linear);
  CHECK((rotate.min == -45 && rotate.max == 45));
  CHECK(scaled_value(rotate, 0) == -45);
  CHECK(scaled_value(rotate, 1) == 45);
  CHECK(scaled_value(rotate, 0.5) == 0);
  CHECK(scaled_value(rotate, 0.25) == -22.5);
  CHECK(unit_of(rotate, 22.5) == 0.75);
  CHECK(unit_of(rotate, 100) == 1);  // beyond the range: the end

  MidiBinding step = knob(MidiSource::CC, 1, "/livedream/step_size");
  CHECK(step.curve == MidiCurve::Log);
  CHECK(knob(MidiSource::CC, 1, "/livedream/zoom").curve == MidiCurve::Log);
  CHECK(scaled_value(knob(MidiSource::CC, 1, "/livedream/zoom"), 0.5) == Approx(1.0));  // 0.5..2: 1 in the middle
  step.min = 0.001;
  step.max = 0.1;
  CHECK(scaled_value(step, 0.5) == Approx(0.01));
  CHECK(scaled_value(step, 0.25) == Approx(0.001 * std::pow(100.0, 0.25)));
  CHECK(unit_of(step, 0.01) == Approx(0.5));
  for (double u : {0.0, 0.1, 0.37, 0.5, 0.9, 1.0}) {
    CHECK(unit_of(step, scaled_value(step, u)) == Approx(u).margin(1e-12));
    CHECK(unit_of(rotate, scaled_value(rotate, u)) == Approx(u).margin(1e-12));
  }

  std::swap(rotate.min, rotate.max);  // turned round
  CHECK(scaled_value(rotate, 0) == 45);
  CHECK(unit_of(rotate, 45) == 0);

  const MidiBinding octaves = knob(MidiSource::CC, 1, "/livedream/octaves");  // whole numbers: rounded
  CHECK(scaled_value(octaves, 0.5) == 9);                                     // 8.5
  CHECK(scaled_value(octaves, 0.32) == 6);                                    // 5.8
  CHECK(scaled_value(octaves, 1) == 16);
}

TEST_CASE("midi: a 14-bit CC combines its MSB and LSB, a lone MSB acts with the previous LSB") {
  Rig rig({knob(MidiSource::CC14, 0, "/livedream/rotate", 3)});
  const auto mid = rig.send(cc(3, 0, 64));  // MSB 64, LSB 0 so far: the exact middle
  CHECK(number_of(mid) == 0);
  CHECK(mid[0].types == "f");
  CHECK(number_of(rig.send(cc(3, 32, 127))) == Approx(45.0 * 127 / 8191));                     // (64 << 7) | 127
  CHECK(number_of(rig.send(cc(3, 0, 127))) == 45);                                             // MSB alone, LSB still 127: 16383
  CHECK(number_of(rig.send(cc(3, 32, 0))) == Approx(-45 + 90 * (0.5 + 0.5 * 8064 / 8191.0)));  // 127 << 7
  CHECK(number_of(rig.send(cc(3, 0, 0))) == -45);
  CHECK(rig.send(cc(2, 0, 64)).empty());  // another channel
  // Until an MSB came, an LSB has nothing to combine with.
  Rig fresh({knob(MidiSource::CC14, 0, "/livedream/rotate")});
  CHECK(fresh.send(cc(0, 32, 5)).empty());
  CHECK(fresh.router.stats().held == 1);
}

TEST_CASE("midi: pitch bend is a 14-bit control, at rest in the middle") {
  Rig rig({knob(MidiSource::PitchBend, 0, "/livedream/rotate", 1)});
  CHECK(number_of(rig.send(bend(1, 8192))) == 0);
  CHECK(number_of(rig.send(bend(1, 16383))) == 45);
  CHECK(number_of(rig.send(bend(1, 0))) == -45);
  CHECK(rig.send(bend(0, 100)).empty());
}

TEST_CASE("midi: learning a CC binds it with the address's defaults") {
  Rig rig;
  rig.router.learn("/livedream/zoom");
  CHECK(rig.router.learning() == "/livedream/zoom");
  CHECK(rig.send(cc(0, 74, 10)).empty());  // learned, not applied
  CHECK(rig.router.learning().empty());
  REQUIRE(rig.router.bindings().size() == 1);
  const MidiBinding& b = rig.router.bindings()[0];
  CHECK(b.source == MidiSource{MidiSource::CC, 0, 74});
  CHECK((b.address == "/livedream/zoom" && b.curve == MidiCurve::Log && b.min == 0.5 && b.max == 2 && b.pickup));
  REQUIRE(rig.router.last_learned());
  CHECK(rig.router.last_learned()->source == b.source);
  const auto out = rig.send(cc(0, 74, 127));
  CHECK(number_of(out) == 2);
  CHECK(out[0].address == "/livedream/zoom");

  // CC 0-31 may be the MSB of a pair: with no LSB within 50 ms, poll() makes it a 7-bit CC.
  rig.router.learn("/livedream/rotate");
  CHECK(rig.send(cc(0, 7, 64)).empty());
  CHECK(rig.router.learning() == "/livedream/rotate");
  rig.router.poll(rig.now_s + 0.1);
  CHECK(rig.router.learning().empty());
  CHECK(rig.router.bindings().back().source == MidiSource{MidiSource::CC, 0, 7});
  CHECK_THROWS_AS(rig.router.learn("/livedream/loss"), Error);  // text: nothing a control can give
  CHECK(rig.router.learning().empty());
}

TEST_CASE("midi: learning CC n then CC n+32 within 50 ms makes a 14-bit binding") {
  Rig rig;
  rig.router.learn("/livedream/zoom");
  CHECK(rig.send(cc(2, 1, 64)).empty());
  CHECK(rig.send(cc(2, 33, 0), 0.002).empty());
  REQUIRE(rig.router.bindings().size() == 1);
  CHECK(rig.router.bindings()[0].source == MidiSource{MidiSource::CC14, 2, 1});
  CHECK(describe(rig.router.bindings()[0].source) == "CC 1+33 (14-bit) ch 3");
  CHECK(number_of(rig.send(cc(2, 1, 64))) == Approx(1.0));  // 8192: the middle of 0.5..2 on a log curve

  // The LSB too late: a 7-bit CC, and the late message is no one's.
  Rig slow;
  slow.router.learn("/livedream/rotate");
  CHECK(slow.send(cc(0, 1, 64)).empty());
  CHECK(slow.send(cc(0, 33, 0), 0.2).empty());
  REQUIRE(slow.router.bindings().size() == 1);
  CHECK(slow.router.bindings()[0].source == MidiSource{MidiSource::CC, 0, 1});
  CHECK(slow.router.stats().unbound == 1);
}

TEST_CASE("midi: learning a note, and a button cannot learn a wheel") {
  Rig rig;
  rig.router.learn("/livedream/pause");
  CHECK(rig.send(bend(0, 9000)).empty());  // a wheel cannot press: still learning
  CHECK(rig.send(note_off(9, 36)).empty());
  CHECK(rig.router.learning() == "/livedream/pause");
  CHECK(rig.send(note_on(9, 36, 100)).empty());
  REQUIRE(rig.router.bindings().size() == 1);
  CHECK(rig.router.bindings()[0].source == MidiSource{MidiSource::Note, 9, 36});
  CHECK(rig.router.bindings()[0].note_mode == NoteMode::Trigger);
  CHECK(default_binding({MidiSource::Note, 0, 1}, "/livedream/video/loop").note_mode == NoteMode::Toggle);
}

TEST_CASE("midi: learning replaces the control's binding and the address's from the same kind of control") {
  Rig rig({knob(MidiSource::CC, 74, "/livedream/rotate"), knob(MidiSource::CC, 20, "/livedream/zoom"),
           knob(MidiSource::Note, 40, "/livedream/zoom"), knob(MidiSource::CC, 33, "/livedream/jitter")});
  rig.router.learn("/livedream/zoom");
  rig.send(cc(0, 74, 1));
  REQUIRE(rig.router.bindings().size() == 3);
  CHECK(rig.router.bindings()[0].source == MidiSource{MidiSource::Note, 0, 40});  // another kind: kept
  CHECK(rig.router.bindings()[1].address == "/livedream/jitter");
  CHECK(rig.router.bindings()[2].source == MidiSource{MidiSource::CC, 0, 74});
  CHECK(rig.router.bindings()[2].address == "/livedream/zoom");
  // A 14-bit pair takes both its controllers: CC 33 (jitter's) is its LSB.
  rig.router.learn("/livedream/rotate");
  rig.send(cc(0, 1, 0));
  rig.send(cc(0, 33, 0), 0.001);
  REQUIRE(rig.router.bindings().size() == 3);
  CHECK(rig.router.bindings()[2].source == MidiSource{MidiSource::CC14, 0, 1});
  for (const MidiBinding& b : rig.router.bindings()) CHECK(b.address != "/livedream/jitter");
  rig.router.remove(0);
  CHECK(rig.router.bindings().size() == 2);
}

TEST_CASE("midi: soft takeover waits until the knob meets the value, then tracks, and picks up again after a change") {
  Rig rig({knob(MidiSource::CC, 7, "/livedream/rotate")});
  rig.values["/livedream/rotate"] = 0;  // the middle
  CHECK(rig.send(cc(0, 7, 10)).empty());
  CHECK(rig.send(cc(0, 7, 30)).empty());
  CHECK(rig.router.stats().held == 2);
  const double crossed = number_of(rig.send(cc(0, 7, 90)));  // passed the middle: picked up
  CHECK(crossed > 0);
  CHECK(rig.values["/livedream/rotate"] == crossed);
  CHECK(number_of(rig.send(cc(0, 7, 95))) > crossed);  // tracks

  rig.values["/livedream/rotate"] = -30;  // moved in the UI
  CHECK(rig.send(cc(0, 7, 96)).empty());
  CHECK(rig.send(cc(0, 7, 40)).empty());                                      // 0.31 of the range, the value at 0.17: not yet
  CHECK(number_of(rig.send(cc(0, 7, 20))) == Approx(-45 + 90 * 20 / 128.0));  // within 2%: picked up
  CHECK(rig.router.stats().acted == 3);

  Rig near({knob(MidiSource::CC, 7, "/livedream/rotate")});
  near.values["/livedream/rotate"] = 0;
  CHECK(number_of(near.send(cc(0, 7, 64))) == 0);  // already there

  MidiBinding free_knob = knob(MidiSource::CC, 7, "/livedream/rotate");
  free_knob.pickup = false;
  Rig jumpy({free_knob});
  jumpy.values["/livedream/rotate"] = 0;
  CHECK(number_of(jumpy.send(cc(0, 7, 0))) == -45);
}

TEST_CASE("midi: soft takeover keeps tracking while the viewer has not applied the latest sends yet") {
  Rig rig({knob(MidiSource::CC, 7, "/livedream/rotate")});
  rig.values["/livedream/rotate"] = 0;
  rig.apply = false;
  CHECK(rig.send(cc(0, 7, 64)).size() == 1);
  const double second = number_of(rig.send(cc(0, 7, 70)));  // still 0: not applied, not someone else's
  CHECK(rig.send(cc(0, 7, 75)).size() == 1);
  rig.values["/livedream/rotate"] = second;  // applied late
  CHECK(rig.send(cc(0, 7, 80)).size() == 1);
  rig.values["/livedream/rotate"] = -40;  // this one is the UI's
  CHECK(rig.send(cc(0, 7, 81)).empty());
}

TEST_CASE("midi: a note on /livedream/pause triggers or toggles") {
  Rig rig({knob(MidiSource::Note, 36, "/livedream/pause", 9)});
  auto out = rig.send(note_on(9, 36, 100));
  REQUIRE(out.size() == 1);
  CHECK((out[0].address == "/livedream/pause" && out[0].types.empty() && out[0].args.empty()));
  CHECK(osc::parse_message(out[0].address, out[0].types, out[0].args).action == osc::Action::TogglePause);
  CHECK(rig.send(note_off(9, 36)).empty());
  CHECK(rig.send(note_on(9, 36, 0)).empty());

  MidiBinding toggle = knob(MidiSource::Note, 36, "/livedream/pause", 9);
  toggle.note_mode = NoteMode::Toggle;
  Rig unknown({toggle});  // the pause state unknown: alternates from its own presses
  for (int expected : {1, 0, 1}) {
    out = unknown.send(note_on(9, 36, 100));
    REQUIRE(out.size() == 1);
    CHECK(out[0].types == "i");
    CHECK(osc::parse_message(out[0].address, out[0].types, out[0].args).flag == expected);
  }
  Rig known({toggle});
  known.values["/livedream/pause"] = 1;  // paused already
  CHECK(number_of(known.send(note_on(9, 36, 100))) == 0);
  CHECK(number_of(known.send(note_on(9, 36, 100))) == 1);

  // On a number: the top of the range, or top and bottom in turn.
  Rig top({knob(MidiSource::Note, 50, "/livedream/rotate")});
  CHECK(number_of(top.send(note_on(0, 50, 1))) == 45);
  MidiBinding swing = knob(MidiSource::Note, 50, "/livedream/rotate");
  swing.note_mode = NoteMode::Toggle;
  Rig swinging({swing});
  CHECK(number_of(swinging.send(note_on(0, 50, 1))) == 45);
  CHECK(number_of(swinging.send(note_on(0, 50, 1))) == -45);
}

TEST_CASE("midi: a CC bound to an action acts when it crosses 64 upward") {
  Rig rig({knob(MidiSource::CC, 45, "/livedream/screenshot")});
  const auto out = rig.send(cc(0, 45, 127));
  REQUIRE(out.size() == 1);
  CHECK(osc::parse_message(out[0].address, out[0].types, out[0].args).action == osc::Action::Screenshot);
  CHECK(rig.send(cc(0, 45, 127)).empty());  // still held down
  CHECK(rig.send(cc(0, 45, 0)).empty());    // let go
  CHECK(rig.send(cc(0, 45, 100)).size() == 1);

  MidiBinding record = knob(MidiSource::CC, 46, "/livedream/record");
  record.note_mode = NoteMode::Toggle;
  Rig toggling({record});
  CHECK(number_of(toggling.send(cc(0, 46, 127))) == 1);
  CHECK(toggling.send(cc(0, 46, 0)).empty());
  CHECK(number_of(toggling.send(cc(0, 46, 127))) == 0);
}

TEST_CASE("midi: every address a control can drive gets messages the OSC parser takes") {
  int knobs = 0, buttons = 0, texts = 0;
  for (const osc::AddressInfo& row : osc::address_table()) {
    const size_t n = row.address.find("/N/");  // a layer's index
    const std::string address = n == std::string::npos ? row.address : row.address.substr(0, n) + "/2/" + row.address.substr(n + 3);
    MidiTarget target;
    try {
      target = midi_target(address);
    } catch (const Error&) {
      CHECK(row.types == "ff");  // pairs only
      continue;
    }
    if (target.text_row >= 0) {  // a press sends the binding's text
      ++texts;
      static const std::map<std::string, std::string> sample = {
          {"/livedream/layers", "fire5"},         {"/livedream/loss", "mean"},          {"/livedream/octave_mode", "cycle"},
          {"/livedream/precondition", "fourier"}, {"/livedream/transforms", "robust"},  {"/livedream/border", "edge"},
          {"/livedream/temporal", "blend"},       {"/livedream/layer/2/channels", "3"}, {"/livedream/layer/2/name", "fire5"},
          {"/livedream/preset", "classic"},       {"/livedream/open", "clouds"}};
      INFO(address);
      REQUIRE(sample.count(address) == 1);
      MidiBinding pad = knob(MidiSource::Note, 1, address);
      pad.text = sample.at(address);
      Rig rig({pad});
      const auto out = rig.send(note_on(0, 1, 100));
      REQUIRE(out.size() == 1);
      CHECK(out[0].args.at(0).text == sample.at(address));
      continue;
    }
    if (target.knob()) {
      ++knobs;
      Rig rig({knob(MidiSource::CC, 1, address), knob(MidiSource::PitchBend, 0, address), knob(MidiSource::Note, 2, address)});
      for (int v : {0, 1, 63, 64, 65, 126, 127}) CHECK(rig.send(cc(0, 1, v)).size() == 1);
      for (int v : {0, 5000, 8192, 16383}) CHECK(rig.send(bend(0, v)).size() == 1);
      CHECK(rig.send(note_on(0, 2, 9)).size() == 1);
    } else {
      ++buttons;
      MidiBinding toggle = knob(MidiSource::Note, 2, address);
      if (target.value_row >= 0) toggle.note_mode = NoteMode::Toggle;
      Rig rig({knob(MidiSource::Note, 1, address), toggle, knob(MidiSource::CC, 3, address)});
      for (int i = 0; i < 3; ++i) {
        CHECK(rig.send(note_on(0, 1, 100)).size() == 1);
        CHECK(rig.send(note_on(0, 2, 100)).size() == 1);
      }
      CHECK(rig.send(cc(0, 3, 127)).size() == 1);
    }
  }
  CHECK(knobs > 10);
  CHECK(buttons >= 8);
  CHECK(texts >= 10);
}

TEST_CASE("midi: unbound, ignored and malformed messages make no output and are counted") {
  Rig rig({knob(MidiSource::CC, 7, "/livedream/rotate")});
  CHECK(rig.send(cc(0, 8, 1)).empty());
  CHECK(rig.send(cc(1, 7, 1)).empty());  // CC 7 on another channel
  CHECK(rig.send(note_on(0, 60, 10)).empty());
  CHECK(rig.send({}).empty());
  CHECK(rig.send({0xB0, 7, 0x90}).empty());  // CC 7, but broken
  CHECK(rig.send({0xB0, 7}).empty());
  CHECK(rig.send({0xC0, 5}).empty());
  CHECK(rig.send({0xF8}).empty());
  CHECK(rig.send(cc(0, 7, 100)).size() == 1);
  const MidiStats& s = rig.router.stats();
  CHECK(s.unbound == 3);
  CHECK(s.malformed == 3);
  CHECK(s.ignored == 2);
  CHECK(s.acted == 1);
  CHECK(s.held == 0);
}
