#include "atlas/channel_set.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/error.h"

namespace livedream::atlas {
namespace {

int64_t parse_channel(const std::string& part, const std::string& token, int64_t channel_count) {
  const std::string fix = "give channels from 0 to " + std::to_string(channel_count - 1) + " as N, A-B or a comma list (e.g. 0-63,100)";
  if (part.empty() || part.size() > 9 || !std::all_of(part.begin(), part.end(), [](unsigned char ch) { return std::isdigit(ch); }))
    throw usage_error("--channels: '" + token + "' is not a channel number or range", fix);
  const int64_t channel = std::stoll(part);
  if (channel >= channel_count)
    throw usage_error("--channels: channel " + part + " is out of range: the layer has " + std::to_string(channel_count) + " channels",
                      fix);
  return channel;
}

}  // namespace

std::vector<int64_t> parse_channel_set(const std::string& text, int64_t channel_count) {
  std::vector<int64_t> channels;
  if (text.empty() || text == "all") {
    for (int64_t c = 0; c < channel_count; ++c) channels.push_back(c);
    return channels;
  }
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(channel_count, 0)), false);
  std::stringstream stream(text);
  std::string token;
  while (std::getline(stream, token, ',')) {
    const size_t dash = token.find('-');
    int64_t first = 0, last = 0;
    if (dash == std::string::npos) {
      first = last = parse_channel(token, token, channel_count);
    } else {
      first = parse_channel(token.substr(0, dash), token, channel_count);
      last = parse_channel(token.substr(dash + 1), token, channel_count);
      if (last < first)
        throw usage_error("--channels: the range '" + token + "' runs backwards",
                          "write the smaller channel first, from 0 to " + std::to_string(channel_count - 1) + " (e.g. 0-63)");
    }
    for (int64_t c = first; c <= last; ++c) {
      if (seen[static_cast<size_t>(c)]) continue;
      seen[static_cast<size_t>(c)] = true;
      channels.push_back(c);
    }
  }
  if (channels.empty()) throw usage_error("--channels: '" + text + "' names no channel", "e.g. --channels 0-63");
  return channels;
}

}  // namespace livedream::atlas
