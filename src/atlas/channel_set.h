// Which channels of a layer an atlas shows: "0-63", "5,9,12", "0-15,100-103" or "all".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace livedream::atlas {

// The channels `text` names, in the order given, without repeats; "all" (or empty) is every
// channel. Throws livedream::Error (usage) naming the bad part and the layer's range
// (`channel_count` channels: 0 to channel_count - 1).
std::vector<int64_t> parse_channel_set(const std::string& text, int64_t channel_count);

}  // namespace livedream::atlas
