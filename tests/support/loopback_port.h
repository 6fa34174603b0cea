// UDP ports on 127.0.0.1 for the OSC tests: one the kernel picks, held open while the object lives
// (a port in use), or released at once (a port nobody uses right now).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace livedream::test {

struct HeldPort {
  HeldPort() {
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t n = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
    port = ntohs(a.sin_port);
  }
  ~HeldPort() { release(); }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;
  void release() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  int fd = -1;
  int port = 0;
};

inline int free_udp_port() { return HeldPort().port; }

}  // namespace livedream::test
