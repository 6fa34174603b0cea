#include "control/midi_message.h"

namespace livedream {
namespace {

DecodedMidi malformed(std::string problem) { return {Decode::Malformed, {}, std::move(problem)}; }

// The length of a message, status byte included, from its status byte (0x80 and above). 0 for a
// lone end of system exclusive (F7), which only ends a sysex; system exclusive itself (F0) has no
// fixed length and is handled apart.
size_t message_length(int status) {
  if (status < 0xF0) return (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 2 : 3;
  switch (status) {
    case 0xF1: return 2;  // MIDI time code quarter frame
    case 0xF2: return 3;  // song position
    case 0xF3: return 2;  // song select
    case 0xF7: return 0;
    default: return 1;  // tune request, clock, start, stop, active sensing, reset, undefined ones
  }
}

// The controllers a source listens to, as one number space per kind of control: controllers
// 0-127, notes 0-127, the bend wheel.
enum class Control { Controller, Note, Bend };
Control control_of(MidiSource::Kind kind) {
  if (kind == MidiSource::Note) return Control::Note;
  if (kind == MidiSource::PitchBend) return Control::Bend;
  return Control::Controller;
}

bool listens_to(const MidiSource& source, int number) {
  if (source.kind == MidiSource::PitchBend) return true;
  if (source.kind == MidiSource::CC14) return number == source.number || number == source.number + 32;
  return number == source.number;
}

}  // namespace

DecodedMidi decode_midi(const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return malformed("an empty message");
  const int status = bytes[0];
  if (status < 0x80) return malformed("a data byte where the status byte belongs (running status is not expected)");
  if (status == 0xF0) {
    if (bytes.size() < 2 || bytes.back() != 0xF7) return malformed("system exclusive without its end byte F7");
    for (size_t i = 1; i + 1 < bytes.size(); ++i)
      if (bytes[i] >= 0x80) return malformed("a byte >= 0x80 inside system exclusive");
    return {Decode::Ignored, {}, {}};
  }
  const size_t length = message_length(status);
  if (length == 0) return malformed("an end of system exclusive (F7) without its start");
  for (size_t i = 1; i < bytes.size(); ++i)
    if (bytes[i] >= 0x80) return malformed("a data byte >= 0x80 (byte " + std::to_string(i) + ")");
  if (bytes.size() == 1 && length > 1) return malformed("a lone status byte");
  if (bytes.size() < length) return malformed("too short: " + std::to_string(bytes.size()) + " of " + std::to_string(length) + " bytes");
  if (bytes.size() > length)
    return malformed("too long: " + std::to_string(bytes.size()) + " bytes, " + std::to_string(length) + " expected");
  if (status >= 0xF0) return {Decode::Ignored, {}, {}};

  MidiEvent event;
  event.channel = status & 0x0F;
  event.number = bytes[1];
  event.value = length == 3 ? bytes[2] : 0;
  switch (status & 0xF0) {
    case 0x80: event.type = MidiEvent::NoteOff; break;
    case 0x90: event.type = event.value == 0 ? MidiEvent::NoteOff : MidiEvent::NoteOn; break;
    case 0xB0: event.type = MidiEvent::ControlChange; break;
    case 0xE0:
      event.type = MidiEvent::PitchBend;
      event.value = bytes[1] | (bytes[2] << 7);  // LSB first
      event.number = 0;
      break;
    default: return {Decode::Ignored, {}, {}};  // aftertouch, program change
  }
  return {Decode::Event, event, {}};
}

bool from_source(const MidiSource& source, const MidiEvent& event) {
  if (source.channel != event.channel) return false;
  switch (source.kind) {
    case MidiSource::CC:
    case MidiSource::CC14: return event.type == MidiEvent::ControlChange && listens_to(source, event.number);
    case MidiSource::Note: return (event.type == MidiEvent::NoteOn || event.type == MidiEvent::NoteOff) && event.number == source.number;
    case MidiSource::PitchBend: return event.type == MidiEvent::PitchBend;
  }
  return false;
}

bool overlaps(const MidiSource& a, const MidiSource& b) {
  if (a.channel != b.channel || control_of(a.kind) != control_of(b.kind)) return false;
  switch (a.kind) {
    case MidiSource::CC14: return listens_to(b, a.number) || listens_to(b, a.number + 32);
    case MidiSource::PitchBend: return true;
    default: return listens_to(b, a.number);
  }
}

std::string note_name(int note) {
  static const char* const names[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  if (note < 0 || note > 127) return "?";
  return std::string(names[note % 12]) + std::to_string(note / 12 - 1);
}

std::string describe(const MidiSource& source) {
  const std::string channel = " ch " + std::to_string(source.channel + 1);
  switch (source.kind) {
    case MidiSource::CC: return "CC " + std::to_string(source.number) + channel;
    case MidiSource::CC14: return "CC " + std::to_string(source.number) + "+" + std::to_string(source.number + 32) + " (14-bit)" + channel;
    case MidiSource::Note: return "note " + note_name(source.number) + channel;
    case MidiSource::PitchBend: return "pitch bend" + channel;
  }
  return "?";
}

std::string describe(const MidiEvent& event) {
  const std::string channel = " ch " + std::to_string(event.channel + 1);
  const std::string value = std::to_string(event.value);
  switch (event.type) {
    case MidiEvent::ControlChange: return "CC " + std::to_string(event.number) + " = " + value + channel;
    case MidiEvent::NoteOn: return "note on " + note_name(event.number) + " velocity " + value + channel;
    case MidiEvent::NoteOff: return "note off " + note_name(event.number) + channel;
    case MidiEvent::PitchBend: return "pitch bend " + value + channel;
  }
  return "?";
}

}  // namespace livedream
