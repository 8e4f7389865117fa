#pragma once
// Shared helpers for the decoder tests: a frame held in memory (so decoded_packet's views
// stay valid) and its layer list as comparable values.

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>

#include "support/hex.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pktscope::test {

struct frame {
  link_type link;
  std::vector<std::uint8_t> data;

  frame(link_type l, std::string_view hex) : link(l), data(from_hex(hex)) {}
  frame(link_type l, std::vector<std::uint8_t> d) : link(l), data(std::move(d)) {}

  /// Decodes with `opt`; `ok` receives whether decode() returned success.
  decoded_packet decode(const decode_options& opt = {}, bool* ok = nullptr) const {
    decoded_packet p;
    const auto r = pktscope::decode(bytes(data), link, opt, p);
    if (ok != nullptr) {
      *ok = r.has_value();
    }
    return p;
  }
};

inline std::vector<layer_id> ids(const decoded_packet& p) {
  std::vector<layer_id> out;
  for (const layer& l : p) {
    out.push_back(l.id);
  }
  return out;
}

inline std::vector<int> depths(const decoded_packet& p) {
  std::vector<int> out;
  for (const layer& l : p) {
    out.push_back(l.tunnel_depth);
  }
  return out;
}

/// Text of an address as tshark prints it (dotted quad or RFC 5952).
inline std::string addr(bytes a) {
  if (a.size() == 4) {
    return ipv4_address::from_bytes(a).to_string();
  }
  if (a.size() == 16) {
    return ipv6_address::from_bytes(a).to_string();
  }
  return {};
}

/// All options on: what the fuzz targets and the truncation sweep use.
inline decode_options all_on() {
  decode_options o;
  o.verify_checksums = true;
  return o;
}

} // namespace pktscope::test
