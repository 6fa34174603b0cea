#include "control/osc_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <lo/lo.h>
#include <lo/lo_lowlevel.h>

#include "core/error.h"

namespace livedream::control {
namespace {

// How often the thread looks at stop_ while no packet comes (the destructor waits at most this).
constexpr int kPollMs = 50;
constexpr int kMaxBundleDepth = 8;

std::string address_text(const sockaddr_storage& addr) {
  char host[NI_MAXHOST] = {0}, port[NI_MAXSERV] = {0};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), sizeof addr, host, sizeof host, port, sizeof port,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return "?";
  const std::string h = host;
  return (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + port;
}

uint32_t read_be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]); }

// liblo's decoded arguments as the parser's plain ones.
std::vector<osc::Arg> plain_args(lo_message message, const char* types) {
  std::vector<osc::Arg> args;
  lo_arg** argv = lo_message_get_argv(message);
  const int argc = lo_message_get_argc(message);
  for (int i = 0; i < argc && types[i]; ++i) {
    osc::Arg a;
    a.tag = types[i];
    switch (a.tag) {
      case LO_FLOAT: a.number = argv[i]->f; break;
      case LO_DOUBLE: a.number = argv[i]->d; break;
      case LO_INT32: a.number = argv[i]->i; break;
      case LO_INT64: a.number = static_cast<double>(argv[i]->h); break;
      case LO_STRING:
      case LO_SYMBOL: a.text = &argv[i]->s; break;
      default: break;  // other types carry nothing the parser takes: it refuses them by tag
    }
    args.push_back(std::move(a));
  }
  return args;
}

}  // namespace

OscServer::OscServer(int port, const std::string& bind_address, size_t capacity) : capacity_(capacity) {
  if (port < 1 || port > 65535) throw usage_error("OSC port " + std::to_string(port) + " is outside 1..65535", "use e.g. --osc 9000");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;  // no name lookups: nothing leaves the machine
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(port);
  const std::string numeric = bind_address == "localhost" ? "127.0.0.1" : bind_address;
  if (const int rc = getaddrinfo(numeric.c_str(), port_text.c_str(), &hints, &found); rc != 0 || !found)
    throw usage_error("OSC: '" + bind_address + "' is not a numeric IP address (" + gai_strerror(rc) + ")",
                      "use --osc-bind with an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for all");
  int error = 0;
  for (addrinfo* ai = found; ai && fd_ < 0; ai = ai->ai_next) {
    const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      fd_ = fd;
    } else {
      error = errno;
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (fd_ < 0) {
    if (error == EADDRINUSE)
      throw runtime_error("OSC port " + port_text + " on " + bind_address + " is already in use",
                          "close the program using it or choose another --osc PORT");
    throw runtime_error("OSC: cannot open UDP port " + port_text + " on " + bind_address + ": " + std::strerror(error),
                        "use --osc-bind with an address of this machine, e.g. 127.0.0.1");
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  bound_ = address_text(bound);
  thread_ = std::thread([this] { run(); });
}

OscServer::~OscServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

void OscServer::run() {
  std::vector<uint8_t> buffer(65536);
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const ssize_t n = recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) continue;
    handle_packet(buffer.data(), static_cast<size_t>(n));
  }
}

void OscServer::handle_packet(const uint8_t* data, size_t size, int depth) {
  static const char kBundle[8] = {'#', 'b', 'u', 'n', 'd', 'l', 'e', '\0'};
  if (size >= 8 && std::memcmp(data, kBundle, 8) == 0) {
    // A bundle: "#bundle", a time tag (ignored: everything acts as it arrives), then elements,
    // each a big-endian size and a message or bundle.
    if (depth >= kMaxBundleDepth || size < 16) {
      count_received();
      reject("OSC bundle " + std::string(size < 16 ? "too short" : "nested too deep"));
      return;
    }
    size_t at = 16;
    while (at + 4 <= size) {
      const uint32_t length = read_be32(data + at);
      at += 4;
      if (length == 0 || length > size - at) {
        count_received();
        reject("OSC bundle element of " + std::to_string(length) + " bytes does not fit the packet");
        return;
      }
      handle_packet(data + at, length, depth + 1);
      at += length;
    }
    return;
  }
  count_received();
  // liblo checks the whole message (padding, type tags, argument sizes) before anything is read.
  std::vector<uint8_t> copy(data, data + size);  // lo_message_deserialise takes a non-const pointer
  int result = 0;
  lo_message message = size > 0 ? lo_message_deserialise(copy.data(), copy.size(), &result) : nullptr;
  if (!message) {
    reject("malformed OSC packet of " + std::to_string(size) + " bytes (liblo error " + std::to_string(result) + ")");
    return;
  }
  const std::string address(reinterpret_cast<const char*>(copy.data()), strnlen(reinterpret_cast<const char*>(copy.data()), copy.size()));
  const char* types = lo_message_get_types(message);
  try {
    osc::Command command = osc::parse_message(address, types ? types : "", plain_args(message, types ? types : ""));
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      ++counts_.dropped;
    } else {
      queue_.push_back(std::move(command));
      ++counts_.accepted;
    }
  } catch (const Error& e) {
    reject(e.what());
  }
  lo_message_free(message);
}

void OscServer::count_received() {
  std::lock_guard lock(mutex_);
  ++counts_.received;
}

void OscServer::reject(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++counts_.rejected;
  counts_.last_error = reason;
}

std::vector<osc::Command> OscServer::take() {
  std::lock_guard lock(mutex_);
  std::vector<osc::Command> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

OscCounts OscServer::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace livedream::control
