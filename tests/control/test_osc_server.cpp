// The OSC port (control/osc_server) over real UDP on this machine: messages sent with liblo's
// lo_send arrive as validated commands, bad ones are counted with their reason, the port is bound
// to loopback by default (a send to this machine's other addresses does not arrive), and a port
// already in use is a one-line error.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include <lo/lo.h>

#include "control/osc_server.h"
#include "core/error.h"
#include "support/catch.h"
#include "support/loopback_port.h"

using namespace livedream;
using livedream::test::free_udp_port;
using namespace std::chrono_literals;

namespace {

// Waits until `done` holds, for at most two seconds.
template <typename F>
bool eventually(F done) {
  for (int i = 0; i < 200; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

// This machine's first IPv4 address that is not loopback ("" when it has none).
std::string non_loopback_ipv4() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* i = list; i && found.empty(); i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    const auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN] = {0};
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    found = text;
  }
  freeifaddrs(list);
  return found;
}

struct Target {
  explicit Target(const std::string& host, int port) : address(lo_address_new(host.c_str(), std::to_string(port).c_str())) {}
  ~Target() { lo_address_free(address); }
  lo_address address;
};

}  // namespace

TEST_CASE("osc server: messages sent with liblo arrive as validated commands, in order") {
  const int port = free_udp_port();
  control::OscServer server(port, "127.0.0.1");
  CHECK(server.bound() == "127.0.0.1:" + std::to_string(port));
  Target to("127.0.0.1", port);
  REQUIRE(lo_send(to.address, "/livedream/zoom", "f", 1.01f) > 0);
  REQUIRE(lo_send(to.address, "/livedream/layer/0/weight", "f", 1.5f) > 0);
  REQUIRE(lo_send(to.address, "/livedream/pause", "") > 0);
  std::vector<osc::Command> got;
  REQUIRE(eventually([&] {
    for (auto& c : server.take()) got.push_back(std::move(c));
    return got.size() >= 3;
  }));
  REQUIRE(got.size() == 3);
  DreamParams p;
  osc::apply_to_params(got[0], p);
  osc::apply_to_params(got[1], p);
  CHECK(p.zoom == 1.01f);
  CHECK(p.layers[0].weight == 1.5f);
  CHECK(got[2].action == osc::Action::TogglePause);
  const control::OscCounts counts = server.counts();
  CHECK(counts.received == 3);
  CHECK(counts.accepted == 3);
  CHECK(counts.rejected == 0);
}

TEST_CASE("osc server: malformed, unknown and out-of-range messages are counted with their reason, never queued") {
  const int port = free_udp_port();
  control::OscServer server(port, "127.0.0.1");
  Target to("127.0.0.1", port);
  lo_send(to.address, "/livedream/zoom", "s", "big");  // wrong type tag
  lo_send(to.address, "/livedream/zoom", "f", 7.0f);   // out of range
  lo_send(to.address, "/nothing/here", "i", 1);        // unknown address
  // Garbage bytes and a truncated message, straight on a socket.
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const char garbage[] = "\xff\x00\x13garbage";
  sendto(fd, garbage, sizeof garbage, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  const char truncated[] = "/livedream/zoom\0,f\0\0\0";  // a float tag and no float
  sendto(fd, truncated, 20, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  const char bundle[] = "#bundle\0\0\0\0\0\0\0\0\1\0\0\0\x40";  // an element longer than the packet
  sendto(fd, bundle, 20, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  close(fd);
  REQUIRE(eventually([&] { return server.counts().rejected >= 6; }));
  const control::OscCounts counts = server.counts();
  CHECK(counts.rejected == 6);
  CHECK(counts.accepted == 0);
  CHECK(server.take().empty());
  CHECK(!counts.last_error.empty());
  CHECK(counts.last_error.find('\n') == std::string::npos);
  // And the port still works after all that.
  lo_send(to.address, "/livedream/reset", "");
  REQUIRE(eventually([&] { return server.counts().accepted == 1; }));
  CHECK(server.take().at(0).action == osc::Action::Reset);
}

TEST_CASE("osc server: a bundle's messages are taken one by one") {
  const int port = free_udp_port();
  control::OscServer server(port, "127.0.0.1");
  Target to("127.0.0.1", port);
  lo_bundle bundle = lo_bundle_new(LO_TT_IMMEDIATE);
  lo_message zoom = lo_message_new();
  lo_message_add_float(zoom, 1.02f);
  lo_message rotate = lo_message_new();
  lo_message_add_float(rotate, 2.0f);
  lo_bundle_add_message(bundle, "/livedream/zoom", zoom);
  lo_bundle_add_message(bundle, "/livedream/rotate", rotate);
  REQUIRE(lo_send_bundle(to.address, bundle) > 0);
  lo_bundle_free_recursive(bundle);
  REQUIRE(eventually([&] { return server.counts().accepted == 2; }));
  DreamParams p;
  for (const auto& c : server.take()) osc::apply_to_params(c, p);
  CHECK(p.zoom == 1.02f);
  CHECK(p.rotate_deg == 2.0f);
}

TEST_CASE("osc server: the queue is bounded, what does not fit is counted as dropped") {
  const int port = free_udp_port();
  control::OscServer server(port, "127.0.0.1", 4);
  Target to("127.0.0.1", port);
  for (int i = 0; i < 10; ++i) lo_send(to.address, "/livedream/jitter", "i", i);
  REQUIRE(eventually([&] { return server.counts().received == 10; }));
  CHECK(server.counts().accepted == 4);
  CHECK(server.counts().dropped == 6);
  const auto first = server.take();
  REQUIRE(first.size() == 4);
  CHECK(first[0].numbers.at(0) == 0);  // the oldest kept, in order
  CHECK(first[3].numbers.at(0) == 3);
}

TEST_CASE("osc server: bound to 127.0.0.1 by default, a send to this machine's other address does not arrive") {
  const std::string other = non_loopback_ipv4();
  if (other.empty()) LIVEDREAM_SKIP("this machine has no IPv4 address besides loopback");
  const int port = free_udp_port();
  control::OscServer server(port, "127.0.0.1");
  Target outside(other, port);
  for (int i = 0; i < 3; ++i) lo_send(outside.address, "/livedream/reset", "");
  std::this_thread::sleep_for(300ms);
  CHECK(server.counts().received == 0);
  // The same message to loopback does arrive (so the check above can fail).
  Target inside("127.0.0.1", port);
  lo_send(inside.address, "/livedream/reset", "");
  CHECK(eventually([&] { return server.counts().received == 1; }));

  // Bound to every address (--osc-bind 0.0.0.0), the outside send arrives.
  const int open_port = free_udp_port();
  control::OscServer open(open_port, "0.0.0.0");
  Target outside_open(other, open_port);
  lo_send(outside_open.address, "/livedream/reset", "");
  CHECK(eventually([&] { return open.counts().received == 1; }));
}

TEST_CASE("osc server: a port in use, a bad port or address is a one-line error") {
  const int port = free_udp_port();
  control::OscServer first(port, "127.0.0.1");
  try {
    control::OscServer second(port, "127.0.0.1");
    FAIL("a second server opened the same port");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message ==
          "OSC port " + std::to_string(port) + " on 127.0.0.1 is already in use (close the program using it or choose another --osc PORT)");
  }
  CHECK_THROWS_AS(control::OscServer(0, "127.0.0.1"), Error);
  CHECK_THROWS_AS(control::OscServer(port + 1 > 65535 ? port - 1 : port + 1, "198.51.100.1"), Error);  // TEST-NET-2: not this machine
  CHECK_THROWS_AS(control::OscServer(port, "not an address"), Error);
}
