#include "control/midi_input.h"

#include <rtmidi/RtMidi.h>
#include <jack/jack.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace livedream::control {

namespace {

constexpr size_t kQueueLimit = 4096;  // a minute of a busy controller if the render thread stalls
constexpr const char* kClientName = "livedream";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// RtMidi reports through exceptions and, for warnings, stderr; warnings (a port listing that
// changed under it) are expected here and not the user's business.
void quiet(RtMidiError::Type type, const std::string&, void*) {
  if (type != RtMidiError::WARNING && type != RtMidiError::DEBUG_WARNING) throw RtMidiError("RtMidi", type);
}

// Whether a JACK server answers, asked through libjack with its messages silenced: RtMidi would
// print a screenful of them to stderr each time there is none (most desktops).
bool jack_server_running() {
  static const bool silenced = [] {
    jack_set_error_function([](const char*) {});
    jack_set_info_function([](const char*) {});
    return true;
  }();
  (void)silenced;
  jack_status_t status{};
  jack_client_t* client = jack_client_open("livedream-probe", JackNoStartServer, &status);
  if (!client) return false;
  jack_client_close(client);
  return true;
}

// An RtMidiIn of the system that answers: ALSA's sequencer, else JACK (a server must be running;
// RtMidi does not start one).
std::unique_ptr<RtMidiIn> make_in(std::string* system, std::string* problem) {
  const std::string alsa_problem = "no ALSA sequencer (/dev/snd/seq)";
  // Without the device node ALSA and RtMidi both print errors before RtMidi throws: look first.
  if (::access("/dev/snd/seq", R_OK | W_OK) == 0) {
    try {
      auto in = std::make_unique<RtMidiIn>(RtMidi::LINUX_ALSA, kClientName);
      *system = "ALSA";
      return in;
    } catch (const RtMidiError&) {
    }
  }
  if (!jack_server_running()) {
    if (problem)
      *problem =
          alsa_problem + " and no JACK server: load the ALSA sequencer (modprobe snd-seq) or start JACK (jackd -d alsa, or -d dummy)";
    return nullptr;
  }
  try {
    auto in = std::make_unique<RtMidiIn>(RtMidi::UNIX_JACK, kClientName);
    in->setErrorCallback(&quiet);
    in->getPortCount();  // connects: fails without a server
    *system = "JACK";
    return in;
  } catch (const RtMidiError&) {
  }
  if (problem)
    *problem = alsa_problem + " and no JACK server: load the ALSA sequencer (modprobe snd-seq) or start JACK (jackd -d alsa, or -d dummy)";
  return nullptr;
}

std::vector<std::string> list_port_names(RtMidiIn& in) {
  std::vector<std::string> names;
  try {
    const unsigned n = in.getPortCount();
    for (unsigned i = 0; i < n; ++i) names.push_back(in.getPortName(i));
  } catch (const RtMidiError&) {
    // The list changed while it was read: the next check reads it again.
  }
  return names;
}

}  // namespace

MidiPorts list_midi_ports() {
  MidiPorts ports;
  auto in = make_in(&ports.system, &ports.problem);
  if (in) ports.names = list_port_names(*in);
  return ports;
}

std::string format_midi_ports(const MidiPorts& ports) {
  if (ports.system.empty()) return "no MIDI: " + ports.problem + "\n";
  std::string out = "MIDI input ports (" + ports.system + "):\n";
  if (ports.names.empty()) out += "  none: plug in a controller (or connect a program's MIDI output)\n";
  for (size_t i = 0; i < ports.names.size(); ++i) out += "  " + std::to_string(i + 1) + "  " + ports.names[i] + "\n";
  return out;
}

struct MidiInput::Port {
  MidiInput* owner = nullptr;
  std::string name;
  std::unique_ptr<RtMidiIn> in;
};

void MidiInput::receive(double, std::vector<unsigned char>* message, void* user) {
  const auto* port = static_cast<const Port*>(user);
  MidiInput& input = *port->owner;
  std::lock_guard lock(input.mutex_);
  if (input.queue_.size() >= kQueueLimit) {
    ++input.dropped_;
    return;
  }
  input.queue_.push_back({std::vector<uint8_t>(message->begin(), message->end()), std::chrono::steady_clock::now(), port->name});
}

MidiInput::MidiInput(std::string selector) : selector_(std::move(selector)) {
  std::string problem;
  auto probe = make_in(&system_, &problem);
  if (!probe) throw usage_error("--midi " + selector_ + ": no MIDI system (" + problem + ")", "`livedream midi --list` says what it finds");
  const auto names = list_port_names(*probe);
  names_ = names;
  lister_ = std::make_unique<Port>();
  lister_->in = std::move(probe);
  const auto chosen = wanted(names);
  if (chosen.empty())
    throw usage_error("--midi " + selector_ + ": no MIDI input port matches (" + std::to_string(names.size()) + " on " + system_ + ")",
                      "`livedream midi --list` lists them: give a number, a part of a name, or all");
  for (const auto& name : chosen) {
    const auto at = std::find(names.begin(), names.end(), name);
    open(name, static_cast<unsigned>(at - names.begin()));
  }
  if (ports_.empty())
    throw runtime_error("--midi " + selector_ + ": the port would not open", "check that no other program holds it exclusively");
}

MidiInput::~MidiInput() {
  for (auto& p : ports_) {
    try {
      p->in->cancelCallback();
      p->in->closePort();
    } catch (const RtMidiError&) {
    }
  }
}

std::vector<std::string> MidiInput::wanted(const std::vector<std::string>& names) const {
  if (lower(selector_) == "all") return names;
  if (!selector_.empty() && std::all_of(selector_.begin(), selector_.end(), [](unsigned char c) { return std::isdigit(c); })) {
    const size_t n = std::stoul(selector_);
    if (n >= 1 && n <= names.size()) return {names[n - 1]};
    return {};
  }
  std::vector<std::string> out;
  for (const auto& name : names)
    if (lower(name).find(lower(selector_)) != std::string::npos) out.push_back(name);
  return out;
}

void MidiInput::open(const std::string& name, unsigned index) {
  auto port = std::make_unique<Port>();
  port->owner = this;
  port->name = name;
  try {
    port->in = system_ == "JACK" ? std::make_unique<RtMidiIn>(RtMidi::UNIX_JACK, kClientName)
                                 : std::make_unique<RtMidiIn>(RtMidi::LINUX_ALSA, kClientName);
    port->in->setErrorCallback(&quiet);
    // The index may have moved since the list was read: open the port that has this name now.
    const auto now = list_port_names(*port->in);
    const auto at = std::find(now.begin(), now.end(), name);
    if (at == now.end()) return;
    index = static_cast<unsigned>(at - now.begin());
    port->in->setCallback(&MidiInput::receive, port.get());
    port->in->ignoreTypes(true, true, true);  // sysex, clock, active sensing: nothing here acts on them
    port->in->openPort(index, "in");
  } catch (const RtMidiError&) {
    return;  // gone between the list and the open: the next check_ports tries again
  }
  ports_.push_back(std::move(port));
}

std::vector<MidiIn> MidiInput::take() {
  std::lock_guard lock(mutex_);
  std::vector<MidiIn> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

std::vector<std::string> MidiInput::check_ports() {
  std::vector<std::string> said;
  const auto names = list_port_names(*lister_->in);
  names_ = names;
  for (auto it = ports_.begin(); it != ports_.end();) {
    if (std::find(names.begin(), names.end(), (*it)->name) == names.end()) {
      said.push_back("MIDI port " + (*it)->name + " went away (it opens again when it is back)");
      try {
        (*it)->in->cancelCallback();
        (*it)->in->closePort();
      } catch (const RtMidiError&) {
      }
      it = ports_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& name : wanted(names)) {
    const bool open_now = std::any_of(ports_.begin(), ports_.end(), [&](const auto& p) { return p->name == name; });
    if (open_now) continue;
    const size_t before = ports_.size();
    open(name, 0);
    if (ports_.size() > before) said.push_back("MIDI port " + name + " is open");
  }
  return said;
}

std::vector<std::string> MidiInput::open_ports() const {
  std::vector<std::string> out;
  for (const auto& p : ports_) out.push_back(p->name);
  return out;
}

uint64_t MidiInput::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace livedream::control
