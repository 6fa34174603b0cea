// MIDI controllers in the viewer: the ports (--midi, the Control panel, remembered), MIDI learn
// (a right-click on a control arms it; the next knob or pad moved is bound), and the moves
// themselves, which the router turns into OSC messages of the one address table. Each is parsed
// and applied exactly like a network OSC message (apply_osc_command), so a knob is an edit like a
// slider's: validated, in the session timeline, replayed by renders.
#include <cstdio>

#include "capture/live_capture.h"
#include "core/error.h"
#include "core/log.h"
#include "core/param_table.h"
#include "viewer/viewer.h"

namespace livedream::viewer {

namespace {

constexpr auto kPortCheckPeriod = std::chrono::seconds(2);

double seconds(FrameClock::Clock::time_point t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

// How the UI names a binding's target: its address, and for a text address the text too
// ("/livedream/preset classic": one pad per preset).
std::string binding_key(const MidiBinding& b) { return b.text.empty() ? b.address : b.address + " " + b.text; }

std::string range_words(const MidiBinding& b) {
  const MidiTarget t = midi_target(b.address);
  if (!t.knob()) return b.note_mode == NoteMode::Toggle ? "toggle" : "trigger";
  char text[96];
  std::snprintf(text, sizeof text, "%g..%g%s%s", b.min, b.max, b.curve == MidiCurve::Log ? " log" : "", b.pickup ? "" : ", no pickup");
  return text;
}

}  // namespace

void Viewer::start_midi() {
  // The bindings: a map file from the command line (bad: one line, exit 2), else the remembered ones.
  if (!options_.midi_map.empty()) {
    midi_router_.set_map(load_midi_map(options_.midi_map));
    ui_state_.midi.map_file = options_.midi_map;
  } else if (!settings_.midi_map.empty()) {
    try {
      midi_router_.set_map(midi_map_from_json(settings_.midi_map, "the remembered MIDI map"));
    } catch (const Error& e) {
      toast(ui::ToastLevel::Warning, first_line(e.what()));
    }
  }
  midi_ports_ = control::list_midi_ports();
  midi_checked_ = FrameClock::Clock::now();
  if (!options_.midi.empty()) {
    midi_in_ = std::make_unique<control::MidiInput>(options_.midi);  // bad input on the command line: exit 2
  } else if (!settings_.midi_ports.empty() && !midi_ports_.system.empty()) {
    try {
      midi_in_ = std::make_unique<control::MidiInput>(settings_.midi_ports);
    } catch (const Error& e) {
      midi_error_ = first_line(e.what());  // the controller is not plugged in today: said in the panel, no toast
    }
  }
}

std::optional<double> Viewer::current_osc_value(const std::string& address) const {
  if (address == "/livedream/pause") return ui_state_.paused ? 1.0 : 0.0;
  if (address == "/livedream/record") return capture_->recording() ? 1.0 : 0.0;
  const std::string prefix = "/livedream/";
  if (address.rfind(prefix, 0) != 0) return std::nullopt;
  size_t layer = 0;
  const param::Row* row = param::find(address.substr(prefix.size()), &layer);
  if (!row || !row->is_number()) return std::nullopt;
  if (row->per_layer && layer >= params_.layers.size()) return std::nullopt;
  return row->get(params_, layer).number;
}

void Viewer::take_midi(ui::UiRequests& requests) {
  const auto now = FrameClock::Clock::now();
  if (midi_in_ && now - midi_checked_ >= kPortCheckPeriod) {
    midi_checked_ = now;
    for (const auto& said : midi_in_->check_ports()) toast(ui::ToastLevel::Warning, said);
    midi_ports_.names = midi_in_->port_names();
  }
  const bool was_learning = !ui_state_.midi.learning.empty();
  midi_router_.poll(seconds(now));
  const auto current = [this](const std::string& address) { return current_osc_value(address); };
  for (const auto& message : midi_in_ ? midi_in_->take() : std::vector<control::MidiIn>{}) {
    for (const auto& out : midi_router_.on_message(message.bytes, seconds(message.at), current)) {
      try {
        apply_osc_command(osc::parse_message(out.address, out.types, out.args), requests);
      } catch (const Error& e) {
        midi_error_ = first_line(e.what());
        if (now - midi_toast_at_ >= std::chrono::seconds(1)) {  // a knob sends many: one toast a second
          toast(ui::ToastLevel::Warning, "MIDI: " + midi_error_);
          midi_toast_at_ = now;
        }
      }
    }
  }
  const auto& learned = midi_router_.last_learned();
  if (was_learning && midi_router_.learning().empty() && learned)
    toast(ui::ToastLevel::Info, describe(learned->source) + " now drives " + binding_key(*learned));
}

void Viewer::apply_midi_requests(const ui::UiRequests& r) {
  try {
    if (r.midi_cancel_learn) midi_router_.cancel_learn();
    if (!r.midi_learn.empty()) midi_router_.learn(r.midi_learn, r.midi_learn_text);
    if (r.midi_forget >= 0 && static_cast<size_t>(r.midi_forget) < midi_router_.bindings().size())
      midi_router_.remove(static_cast<size_t>(r.midi_forget));
    if (!r.midi_forget_address.empty())
      for (size_t i = midi_router_.bindings().size(); i-- > 0;)
        if (binding_key(midi_router_.bindings()[i]) == r.midi_forget_address) midi_router_.remove(i);
    if (r.midi_edit >= 0 && static_cast<size_t>(r.midi_edit) < midi_router_.bindings().size()) {
      MidiMap map = midi_router_.map();
      MidiBinding& b = map.bindings[static_cast<size_t>(r.midi_edit)];
      const ui::MidiBindingEdit& e = r.midi_edit_to;
      if (midi_target(b.address).knob()) {
        b.min = e.min;
        b.max = e.max;
        b.curve = e.log ? MidiCurve::Log : MidiCurve::Linear;
        b.pickup = e.pickup;
      } else {
        b.note_mode = e.toggle ? NoteMode::Toggle : NoteMode::Trigger;
      }
      midi_router_.set_map(std::move(map));  // checks it: a bad edit is a toast, the bindings unchanged
    }
    if (r.midi_close) midi_in_.reset();
    if (!r.midi_open.empty()) {
      midi_in_.reset();  // the ports it holds are free before the new selection opens them
      midi_in_ = std::make_unique<control::MidiInput>(r.midi_open);
      midi_error_.clear();
      toast(ui::ToastLevel::Info, "MIDI: listening to " + std::to_string(midi_in_->open_ports().size()) + " port(s)");
    }
    if (r.midi_close || !r.midi_open.empty()) midi_ports_ = control::list_midi_ports();
    if (!r.midi_save_map.empty()) {
      MidiMap map = midi_router_.map();
      if (midi_in_ && !midi_in_->open_ports().empty()) map.device = midi_in_->open_ports().front();
      save_midi_map(r.midi_save_map, map);
      ui_state_.midi.map_file = r.midi_save_map;
      toast(ui::ToastLevel::Info, "saved " + std::to_string(map.bindings.size()) + " MIDI bindings in " + r.midi_save_map);
    }
    if (!r.midi_load_map.empty()) {
      midi_router_.set_map(load_midi_map(r.midi_load_map));
      ui_state_.midi.map_file = r.midi_load_map;
      toast(ui::ToastLevel::Info, "loaded " + std::to_string(midi_router_.bindings().size()) + " MIDI bindings from " + r.midi_load_map);
    }
  } catch (const std::exception& e) {
    midi_error_ = first_line(e.what());
    toast(ui::ToastLevel::Error, midi_error_);
  }
}

void Viewer::fill_midi_view() {
  ui::MidiView& v = ui_state_.midi;
  v.available = !midi_ports_.system.empty();
  v.system = midi_ports_.system;
  v.ports = midi_ports_.names;
  v.open = midi_in_ ? midi_in_->open_ports() : std::vector<std::string>{};
  v.learning = midi_router_.learning().empty() || midi_router_.learning_text().empty()
                   ? midi_router_.learning()
                   : midi_router_.learning() + " " + midi_router_.learning_text();
  v.last_event = midi_router_.last_event() ? describe(*midi_router_.last_event()) : std::string();
  v.bindings.clear();
  v.bound.clear();
  for (const auto& b : midi_router_.bindings()) {
    const ui::MidiBindingEdit now{b.min, b.max, b.curve == MidiCurve::Log, b.pickup, b.note_mode == NoteMode::Toggle};
    ui::MidiBindingView view{describe(b.source), binding_key(b), range_words(b), midi_target(b.address).knob(), now};
    v.bindings.push_back(std::move(view));
    v.bound[binding_key(b)] = describe(b.source);
  }
  const MidiStats& s = midi_router_.stats();
  v.malformed = s.malformed;
  v.unbound = s.unbound;
  v.acted = s.acted;
  v.error = v.available ? midi_error_ : midi_ports_.problem;  // the panel says "no MIDI system" above it
}

}  // namespace livedream::viewer
