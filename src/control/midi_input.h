// MIDI input ports through RtMidi: ALSA's sequencer where the system has one, else a JACK server
// (where ALSA has none: containers, pro-audio setups). A port is chosen by its number in the list,
// a part of its name, or "all". Messages are queued by RtMidi's thread with their arrival time and
// taken by the render thread once a frame; a port that goes away (unplugged) is closed with a
// message and opened again when it comes back. Nothing here throws after construction.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace livedream::control {

struct MidiPorts {
  std::string system;              // "ALSA" or "JACK"; empty: neither answered
  std::vector<std::string> names;  // the input ports (sources of MIDI), numbered from 1 in lists
  std::string problem;             // why there is no MIDI system, with the fix
};

// Never throws: a system without MIDI is a `problem`.
MidiPorts list_midi_ports();
// The lines of `livedream midi --list`.
std::string format_midi_ports(const MidiPorts& ports);

struct MidiIn {
  std::vector<uint8_t> bytes;
  std::chrono::steady_clock::time_point at;
  std::string port;
};

class MidiInput {
 public:
  // Opens the ports `selector` names: "3" (the third in the list), "nano" (every port whose name
  // contains it, ignoring case), or "all". Throws livedream::Error (usage) when there is no MIDI
  // system or no port matches, naming `livedream midi --list`.
  explicit MidiInput(std::string selector);
  ~MidiInput();
  MidiInput(const MidiInput&) = delete;
  MidiInput& operator=(const MidiInput&) = delete;

  // The messages that arrived since the last call, oldest first.
  std::vector<MidiIn> take();
  // Call about once a second: closes ports that went away and opens ports the selector names that
  // appeared (a device plugged in again). Returns what changed, in words, for toasts.
  std::vector<std::string> check_ports();
  std::vector<std::string> open_ports() const;
  const std::vector<std::string>& port_names() const { return names_; }  // as the last check listed them
  const std::string& system() const { return system_; }
  const std::string& selector() const { return selector_; }
  uint64_t dropped() const;  // messages lost because the queue was full (the render thread stalled)

 private:
  struct Port;
  static void receive(double, std::vector<unsigned char>* message, void* port);  // RtMidi's thread
  std::vector<std::string> wanted(const std::vector<std::string>& names) const;
  void open(const std::string& name, unsigned index);
  std::string selector_, system_;
  std::vector<std::string> names_;
  // Declared before the ports, so destroyed after them: a callback still running while a port
  // closes finds them alive.
  mutable std::mutex mutex_;  // guards queue_ and dropped_ (RtMidi's threads push)
  std::deque<MidiIn> queue_;
  uint64_t dropped_ = 0;
  std::vector<std::unique_ptr<Port>> ports_;
  std::unique_ptr<Port> lister_;  // a client kept for listing the ports (making one each check costs)
};

}  // namespace livedream::control
