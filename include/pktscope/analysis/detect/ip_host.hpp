#pragma once
/// An IP address (v4 or v6) as detectors key their per-host state, and a hash for the
/// bounded tables they keep.

#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <cstdint>
#include <cstring>

namespace pktscope::detect {

struct ip_host {
  std::array<std::uint8_t, 16> addr{}; ///< IPv4 in the first 4 bytes, rest zero
  std::uint8_t version = 0;            ///< 4 or 6; 0 = none

  [[nodiscard]] static ip_host source_of(const decoded_packet& d) noexcept {
    return {d.src_addr, d.ip_version};
  }
  [[nodiscard]] static ip_host destination_of(const decoded_packet& d) noexcept {
    return {d.dst_addr, d.ip_version};
  }
  friend bool operator==(const ip_host& a, const ip_host& b) noexcept {
    // Two word compares, not a memcmp call: detectors compare hosts on every packet.
    std::uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
    std::memcpy(&a0, a.addr.data(), 8);
    std::memcpy(&a1, a.addr.data() + 8, 8);
    std::memcpy(&b0, b.addr.data(), 8);
    std::memcpy(&b1, b.addr.data() + 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0 && a.version == b.version;
  }
};

/// A host and port of one IP protocol (a service, or one side of a conversation).
struct service_key {
  ip_host host;
  std::uint16_t port = 0;
  std::uint8_t ip_protocol = 0;
  friend bool operator==(const service_key&, const service_key&) = default;
};

/// A pair of hosts (order matters: source, destination).
struct host_pair {
  ip_host src, dst;
  friend bool operator==(const host_pair&, const host_pair&) = default;
};

[[nodiscard]] std::uint64_t hash_host(const ip_host& h) noexcept;
[[nodiscard]] std::uint64_t hash_service(const service_key& s) noexcept;
[[nodiscard]] std::uint64_t hash_pair(const host_pair& p) noexcept;

} // namespace pktscope::detect
