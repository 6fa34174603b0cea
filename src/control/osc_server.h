// The viewer's OSC port: a UDP socket bound to one address (127.0.0.1 unless told otherwise), read
// by a thread of its own that decodes each packet (liblo), parses and validates it into a command
// (control/osc_commands) and puts it on a bounded queue. The viewer takes the commands on its render
// thread once a frame and turns them into the requests the panels hand out, so a change from OSC
// takes exactly a slider's way. Nothing a sender does reaches the viewer except validated
// commands; everything else is counted, with the last reason kept for the window to show.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "control/osc_commands.h"

namespace livedream::control {

struct OscCounts {
  int64_t received = 0;    // messages (a bundle counts each message inside; a broken bundle counts once)
  int64_t accepted = 0;    // parsed, validated and queued
  int64_t rejected = 0;    // malformed, unknown address, wrong type tags, out of range (or refused on the UI thread)
  int64_t dropped = 0;     // valid, but the queue was full (the viewer fell behind)
  std::string last_error;  // the last rejection's one-line reason
};

class OscServer {
 public:
  // Opens UDP `port` on `bind_address` (a numeric IPv4/IPv6 address, or localhost). Throws
  // livedream::Error in one line: (runtime) when the port is taken or the address is not this
  // machine's; (usage) for a port outside 1..65535 or an address that is not numeric.
  OscServer(int port, const std::string& bind_address, size_t capacity = 256);
  ~OscServer();
  OscServer(const OscServer&) = delete;
  OscServer& operator=(const OscServer&) = delete;

  // The commands that arrived since the last call, oldest first (render thread).
  std::vector<osc::Command> take();
  // A queued command the viewer could not apply (a layer index beyond the dream's layers).
  void reject(const std::string& reason);
  OscCounts counts() const;
  // Where the socket is bound, as "ADDRESS:PORT" (from getsockname, not from what was asked).
  const std::string& bound() const { return bound_; }

 private:
  void run();
  // One datagram's worth of OSC: a message, or a bundle of messages and bundles.
  void handle_packet(const uint8_t* data, size_t size, int depth = 0);
  void count_received();  // a message, or a bundle that could not be taken apart

  int fd_ = -1;
  std::string bound_;
  size_t capacity_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::deque<osc::Command> queue_;
  OscCounts counts_;
  std::thread thread_;
};

}  // namespace livedream::control
