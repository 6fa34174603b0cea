#include "control/midi_router.h"

#include "core/error.h"

#include <cmath>
#include <cstddef>

namespace livedream {
namespace {

// Enough for the sends a frame may hold back before the viewer applies them.
constexpr size_t kSentRemembered = 8;

// A 7-bit (top 127) or 14-bit (top 16383) position as 0..1, with the centre value (64, 8192) at
// exactly 0.5: a bend wheel rests there, and a hair beside the middle of -45..45 would make
// /livedream/rotate creep forever. Below and above the centre the steps differ by under 2%.
double unit_of_raw(int value, int top) {
  const int middle = (top + 1) / 2;
  return value <= middle ? 0.5 * value / middle : 0.5 + 0.5 * (value - middle) / (top - middle);
}

// A CC and a 14-bit CC are the same kind of control (a knob or fader, re-learned as either).
bool same_kind(MidiSource::Kind a, MidiSource::Kind b) {
  auto control = [](MidiSource::Kind k) { return k == MidiSource::CC14 ? MidiSource::CC : k; };
  return control(a) == control(b);
}

// Equal as the parameter holds it (floats) or as near as makes no difference to a knob.
bool same_value(const MidiBinding& b, double x, double y) {
  return static_cast<float>(x) == static_cast<float>(y) || std::abs(unit_of(b, x) - unit_of(b, y)) <= 1e-6;
}

OscOut number_message(const std::string& address, const MidiTarget& target, double value) {
  const std::string& types = osc::address_table().at(static_cast<size_t>(target.value_row)).types;
  return {address, types, {osc::Arg{types[0], value, {}}}};
}

}  // namespace

bool MidiRouter::State::ours(const MidiBinding& b, double value) {
  for (size_t k = sent.size(); k-- > 0;) {
    if (!same_value(b, sent[k], value)) continue;
    sent.erase(sent.begin(), sent.begin() + static_cast<std::ptrdiff_t>(k));
    if (sent.size() == 1) seen_at_send.reset();  // the latest send is applied: the value before it is history
    return true;
  }
  return seen_at_send && same_value(b, *seen_at_send, value);
}

std::vector<OscOut> MidiRouter::on_message(const std::vector<uint8_t>& bytes, double now_s, const CurrentValue& current) {
  poll(now_s);
  const DecodedMidi decoded = decode_midi(bytes);
  if (decoded.result == Decode::Malformed) {
    ++stats_.malformed;
    return {};
  }
  if (decoded.result == Decode::Ignored) {
    ++stats_.ignored;
    return {};
  }
  const MidiEvent& event = decoded.event;
  last_event_ = event;
  if (!learning_.empty()) {
    const Learned learned = learn_from(event, now_s);
    if (learned != Learned::No) {
      ++(learned == Learned::Yes ? stats_.acted : stats_.ignored);
      return {};
    }
  }
  std::vector<OscOut> out;
  bool bound = false;
  for (size_t i = 0; i < map_.bindings.size(); ++i) {
    if (!from_source(map_.bindings[i].source, event)) continue;
    bound = true;
    route(i, event, current, out);
  }
  ++(!bound ? stats_.unbound : out.empty() ? stats_.held : stats_.acted);
  return out;
}

void MidiRouter::poll(double now_s) {
  if (pending_ && now_s - pending_->at_s > kPairWindowS) bind({MidiSource::CC, pending_->channel, pending_->number});
}

void MidiRouter::learn(std::string address, std::string text) {
  learning_target_ = midi_target(address);
  if (learning_target_.text_row >= 0 && text.empty())
    throw usage_error("'" + osc::printable(address) + "' takes text: learn it with the text a press sends",
                      "learn a preset from the Presets panel");
  learning_ = std::move(address);
  learning_text_ = std::move(text);
  pending_.reset();
}

void MidiRouter::cancel_learn() {
  learning_.clear();
  pending_.reset();
}

void MidiRouter::remove(size_t index) {
  if (index >= map_.bindings.size()) return;
  map_.bindings.erase(map_.bindings.begin() + static_cast<std::ptrdiff_t>(index));
  states_.erase(states_.begin() + static_cast<std::ptrdiff_t>(index));
}

void MidiRouter::set_map(MidiMap map) {
  std::vector<State> states;
  for (const MidiBinding& b : map.bindings) {
    check_binding(b);
    states.emplace_back().target = midi_target(b.address);
  }
  map_ = std::move(map);
  states_ = std::move(states);
}

MidiRouter::Learned MidiRouter::learn_from(const MidiEvent& event, double now_s) {
  if (pending_) {
    const PendingPair pair = *pending_;
    if (event.type == MidiEvent::ControlChange && event.channel == pair.channel && event.number == pair.number + 32 &&
        now_s - pair.at_s <= kPairWindowS) {
      bind({MidiSource::CC14, pair.channel, pair.number});
      return Learned::Yes;
    }
    bind({MidiSource::CC, pair.channel, pair.number});
    return Learned::No;  // the event goes on to the bindings, the new one among them
  }
  switch (event.type) {
    case MidiEvent::ControlChange:
      if (learning_target_.knob() && event.number < 32) {  // perhaps the MSB of a 14-bit pair: wait for its LSB
        pending_ = PendingPair{event.channel, event.number, now_s};
        return Learned::Yes;
      }
      bind({MidiSource::CC, event.channel, event.number});
      return Learned::Yes;
    case MidiEvent::NoteOn: bind({MidiSource::Note, event.channel, event.number}); return Learned::Yes;
    case MidiEvent::PitchBend:
      if (!learning_target_.knob()) return Learned::Skipped;  // a wheel cannot press a button
      bind({MidiSource::PitchBend, event.channel, 0});
      return Learned::Yes;
    case MidiEvent::NoteOff: return Learned::Skipped;  // the release of a key pressed before learning
  }
  return Learned::Skipped;
}

void MidiRouter::bind(const MidiSource& source) {
  MidiBinding binding = default_binding(source, learning_);
  binding.text = learning_text_;
  for (size_t i = map_.bindings.size(); i-- > 0;) {
    const MidiBinding& old = map_.bindings[i];
    // One pad per preset: a text address is "taken" per text, not per address.
    if (overlaps(old.source, source) ||
        (old.address == binding.address && old.text == binding.text && same_kind(old.source.kind, source.kind)))
      remove(i);
  }
  states_.emplace_back().target = midi_target(binding.address);
  map_.bindings.push_back(binding);
  last_learned_ = std::move(binding);
  learning_.clear();
  pending_.reset();
}

void MidiRouter::route(size_t index, const MidiEvent& event, const CurrentValue& current, std::vector<OscOut>& out) {
  const MidiBinding& b = map_.bindings[index];
  State& s = states_[index];
  switch (b.source.kind) {
    case MidiSource::CC: {
      if (s.target.knob()) {
        turn(b, s, unit_of_raw(event.value, 127), current, out);
        return;
      }
      const bool was_down = s.last_cc >= 64;  // a button sends 127 when pressed, 0 when let go
      s.last_cc = event.value;
      if (!was_down && event.value >= 64) press(b, s, current, out);
      return;
    }
    case MidiSource::CC14:
      (event.number == b.source.number ? s.msb : s.lsb) = event.value;
      if (s.msb >= 0) turn(b, s, unit_of_raw((s.msb << 7) | s.lsb, 16383), current, out);  // an LSB before any MSB waits
      return;
    case MidiSource::PitchBend: turn(b, s, unit_of_raw(event.value, 16383), current, out); return;
    case MidiSource::Note:
      if (event.type == MidiEvent::NoteOn) press(b, s, current, out);
      return;
  }
}

void MidiRouter::turn(const MidiBinding& b, State& s, double unit, const CurrentValue& current, std::vector<OscOut>& out) {
  const std::optional<double> previous_unit = s.last_unit;
  s.last_unit = unit;
  const std::optional<double> value_now = b.pickup && current ? current(b.address) : std::nullopt;
  if (value_now) {
    // Moved by the UI, OSC or another control since: the knob is somewhere else, pick it up again.
    if (s.engaged && !s.ours(b, *value_now)) s.engaged = false;
    if (!s.engaged) {
      const double at = unit_of(b, *value_now);
      const bool near = std::abs(unit - at) <= kPickupWindow;
      const bool crossed = previous_unit && (*previous_unit - at) * (unit - at) <= 0;
      if (!near && !crossed) return;
      s.engaged = true;
      s.sent.clear();
    }
  }
  const double value = scaled_value(b, unit);
  s.seen_at_send = value_now;
  s.sent.push_back(value);
  if (s.sent.size() > kSentRemembered) s.sent.pop_front();
  out.push_back(number_message(b.address, s.target, value));
}

void MidiRouter::press(const MidiBinding& b, State& s, const CurrentValue& current, std::vector<OscOut>& out) {
  if (s.target.text_row >= 0) {  // a pad per preset: the press sends its name
    out.push_back({b.address, "s", {osc::Arg{'s', 0, b.text}}});
    return;
  }
  if (b.note_mode == NoteMode::Toggle && s.target.value_row >= 0) {
    // Off when on. The value says which when known (the UI may have switched it); else our last press.
    const std::optional<double> value_now = current ? current(b.address) : std::nullopt;
    bool on = s.on;
    if (value_now) on = s.target.knob() ? std::abs(*value_now - b.max) < std::abs(*value_now - b.min) : *value_now >= 0.5;
    s.on = !on;
    out.push_back(number_message(b.address, s.target, s.target.knob() ? scaled_value(b, on ? 0 : 1) : (on ? 0 : 1)));
    return;
  }
  if (s.target.knob())
    out.push_back(number_message(b.address, s.target, scaled_value(b, 1)));
  else if (s.target.trigger_row >= 0)
    out.push_back({b.address, "", {}});
  else
    out.push_back(number_message(b.address, s.target, 1));
}

}  // namespace livedream
