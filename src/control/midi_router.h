// MIDI learn's router: each raw MIDI message in, the OSC messages its bindings ask for out. It
// never touches a parameter: the viewer feeds what it returns through osc::parse_message like a
// message from the network, so a MIDI move is checked, applied as a panel edit and lands in the
// session timeline as any other. Pure (no RtMidi, no clock: the caller passes the time), so it is
// unit-tested on bytes. One thread calls it.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "control/midi_map.h"
#include "control/osc_commands.h"

namespace livedream {

// One OSC message to hand to osc::parse_message (types: its type tags without the ',').
struct OscOut {
  std::string address;
  std::string types;
  std::vector<osc::Arg> args;
};

// The parameter's present value at an OSC address (0 or 1 for /livedream/pause and
// /livedream/record), or nullopt when unknown: then a knob follows at once, without pickup.
using CurrentValue = std::function<std::optional<double>(const std::string& address)>;

// What came in, for the viewer's Stats. Every message counts once.
struct MidiStats {
  uint64_t malformed = 0;  // not a MIDI message (decode_midi)
  uint64_t ignored = 0;    // well formed, of a type we do not act on (program change, clock, sysex...)
  uint64_t unbound = 0;    // an event no binding listens to
  uint64_t held = 0;       // bound, but nothing to send: a knob not picked up yet, a key's release
  uint64_t acted = 0;      // sent OSC messages, or was learned
};

class MidiRouter {
 public:
  // Soft takeover: a knob picks up once it comes this near the value (of the range, 0..1) or crosses it.
  static constexpr double kPickupWindow = 0.02;
  // Learning: CC n (0-31) then CC n + 32 on its channel within this is one 14-bit control.
  static constexpr double kPairWindowS = 0.05;

  MidiRouter() = default;
  explicit MidiRouter(MidiMap map) { set_map(std::move(map)); }

  // One message as RtMidi delivers it, at `now_s` (any steady clock, in seconds). Malformed,
  // ignored and unbound messages return nothing.
  std::vector<OscOut> on_message(const std::vector<uint8_t>& bytes, double now_s, const CurrentValue& current);
  // Ends a learn waiting for a 14-bit pair once kPairWindowS has passed with no LSB: a knob moved
  // by one step sends one message, and nothing else would end it. Call it each frame.
  void poll(double now_s);

  // Arms learning: the next CC, note or pitch bend (one the address can use) is bound to `address`,
  // replacing bindings of that control and the address's binding from the same kind of control
  // (a CC or 14-bit CC, a note, the bend wheel). Throws livedream::Error (usage) for an address
  // MIDI cannot drive (midi_target).
  // `text`: for an address taking text (/livedream/preset), what the bound press sends (the preset's name).
  void learn(std::string address, std::string text = {});
  void cancel_learn();
  const std::string& learning() const { return learning_; }  // empty when not learning
  const std::string& learning_text() const { return learning_text_; }
  const std::optional<MidiBinding>& last_learned() const { return last_learned_; }
  const std::optional<MidiEvent>& last_event() const { return last_event_; }  // for a monitor line

  void remove(size_t index);  // an index of bindings(); others are left alone
  const std::vector<MidiBinding>& bindings() const { return map_.bindings; }
  // Replaces the map (check_binding on each: throws livedream::Error (usage), the map unchanged).
  void set_map(MidiMap map);
  const MidiMap& map() const { return map_; }
  const MidiStats& stats() const { return stats_; }

 private:
  // What a binding remembers between messages. One per binding, in the same order.
  struct State {
    MidiTarget target;
    int msb = -1, lsb = 0;               // CC14: the latest of each (an MSB alone acts with the previous LSB)
    int last_cc = 0;                     // a CC as a button: the previous value, for the crossing of 64
    bool on = false;                     // Toggle: the last press switched on (when the value is unknown)
    bool engaged = false;                // soft takeover: the knob drives the value
    std::optional<double> last_unit;     // the knob's previous position
    std::deque<double> sent;             // the latest values sent, newest last
    std::optional<double> seen_at_send;  // the value when the latest was sent (perhaps not applied yet)
    // Whether `value` is this knob's doing; forgets the sends older than the one it finds.
    bool ours(const MidiBinding& b, double value);
  };
  enum class Learned { No, Yes, Skipped };  // Skipped: taken while learning, but nothing to bind
  struct PendingPair {
    int channel = 0, number = 0;
    double at_s = 0;
  };

  Learned learn_from(const MidiEvent& event, double now_s);
  void bind(const MidiSource& source);
  void route(size_t index, const MidiEvent& event, const CurrentValue& current, std::vector<OscOut>& out);
  void turn(const MidiBinding& b, State& s, double unit, const CurrentValue& current, std::vector<OscOut>& out);
  void press(const MidiBinding& b, State& s, const CurrentValue& current, std::vector<OscOut>& out);

  MidiMap map_;
  std::vector<State> states_;
  MidiStats stats_;
  std::string learning_;
  std::string learning_text_;  // with learning_ taking text: what the bound press will send
  MidiTarget learning_target_;
  std::optional<PendingPair> pending_;
  std::optional<MidiBinding> last_learned_;
  std::optional<MidiEvent> last_event_;
};

}  // namespace livedream
