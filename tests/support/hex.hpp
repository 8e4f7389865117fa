#pragma once
// Test fixtures written as hex text ("45 00 00 54 ..."), the way tshark -x and
// RFCs print packets. Whitespace and ':' separators are ignored.

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace pktscope::test {

inline std::vector<std::uint8_t> from_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int hi = -1;
  for (const char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == ':') {
      continue;
    } else {
      throw std::invalid_argument("from_hex: bad character");
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  if (hi >= 0) {
    throw std::invalid_argument("from_hex: odd number of digits");
  }
  return out;
}

} // namespace pktscope::test
