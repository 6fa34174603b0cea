// MIDI input, the pure part: one raw message as RtMidi hands it over (a status byte and its data
// bytes, one whole message per call, never running status) decoded into the few events MIDI learn
// acts on, and MIDI sources named in words for the viewer. No RtMidi here (the transport is apart),
// so decoding is unit-tested on bytes alone.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream {

struct MidiEvent {
  enum Type { ControlChange, NoteOn, NoteOff, PitchBend };
  Type type = ControlChange;
  int channel = 0;  // 0-15 (shown 1-16)
  int number = 0;   // the controller or the note; 0 for pitch bend
  int value = 0;    // 0-127 (a note's velocity); pitch bend 0-16383, 8192 at rest
};

enum class Decode {
  Event,      // an event we act on
  Ignored,    // well formed, but not something we act on (program change, aftertouch, clock, sysex...)
  Malformed,  // not a MIDI message: empty, a data byte >= 0x80, too short or too long
};

struct DecodedMidi {
  Decode result = Decode::Malformed;
  MidiEvent event;      // Decode::Event only
  std::string problem;  // Decode::Malformed: what is wrong, for a log line
};

// Decodes one message. A note-on with velocity 0 is a note-off (many keyboards send that).
DecodedMidi decode_midi(const std::vector<uint8_t>& bytes);

// What a binding listens to. CC14 is a 14-bit controller: `number` is its MSB controller (0-31)
// and number + 32 its LSB. PitchBend has no number (0).
struct MidiSource {
  enum Kind { CC, CC14, Note, PitchBend };
  Kind kind = CC;
  int channel = 0;  // 0-15
  int number = 0;

  bool operator==(const MidiSource&) const = default;
};

// Whether an event comes from this source (a CC14 source hears both of its controllers).
bool from_source(const MidiSource& source, const MidiEvent& event);
// Whether two sources share a controller, a note or the bend wheel on one channel: one physical
// control would drive both.
bool overlaps(const MidiSource& a, const MidiSource& b);

// "C4" for note 60 (middle C, as most software names it), "F#-1" for note 6.
std::string note_name(int note);
// The source in words, channel 1-based: "CC 7 ch 1", "CC 7+39 (14-bit) ch 1", "note C4 ch 10",
// "pitch bend ch 2".
std::string describe(const MidiSource& source);
// An event in words, for a monitor line: "CC 7 = 100 ch 1", "note on C4 velocity 90 ch 10".
std::string describe(const MidiEvent& event);

}  // namespace livedream
