#pragma once
/// Non-fatal oddities found while decoding (STYLE §2, §4): recorded on the decoded packet as a
/// bit set, counted, and consumed by detectors. The list is open: new codes go before `count_`.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pktscope {

enum class anomaly : std::uint8_t {
  bad_ipv4_checksum,   ///< IPv4 header checksum does not verify (verify_checksums only)
  bad_tcp_checksum,    ///< TCP checksum does not verify (verify_checksums, whole segment captured)
  bad_udp_checksum,    ///< UDP checksum does not verify (nonzero, whole datagram captured)
  bad_icmp_checksum,   ///< ICMPv4 checksum does not verify
  bad_icmpv6_checksum, ///< ICMPv6 checksum (with pseudo-header) does not verify
  bad_sctp_checksum,   ///< SCTP CRC32c does not verify
  udp_zero_checksum_ipv6, ///< UDP over IPv6 without checksum (RFC 8200 §8.1 forbids it
                          ///< outside tunnels, RFC 6935); recorded when verify_checksums is on
  bad_header_length,      ///< a header contradicts itself: IHL < 5, TCP data offset < 5, UDP length
                          ///< < 8, IPv4 total length < IHL, wrong version nibble (errc::malformed)
  truncated_header,       ///< the captured bytes end inside a header (errc::truncated)
  ttl_zero,               ///< IPv4 TTL or IPv6 hop limit is 0
  tcp_null_flags,         ///< no TCP flag set (NULL scan)
  tcp_xmas_flags,         ///< FIN+PSH+URG set (Xmas scan)
  tcp_syn_fin,            ///< SYN and FIN together
  tcp_syn_rst,            ///< SYN and RST together
  trailing_bytes, ///< bytes after the IP total length that are not Ethernet minimum-size padding
  ipv4_reserved_flag,    ///< the IPv4 reserved ("evil") flag bit is set (RFC 791 §3.1)
  fragment,              ///< an IPv4 or IPv6 fragment (first or later); later ones carry no L4
  too_many_layers,       ///< decoding stopped at decode_options::max_layers
  malformed_application, ///< a port-selected application view (DNS, DHCP, NTP) did not parse
  bad_ip_version,        ///< an IPv4/IPv6 header whose version nibble is not what announced it
                  ///< (EtherType, IP protocol, PPP protocol, tunnel); also bad_header_length,
                  ///< or truncated_header for a cut one. decoded_packet::stopped's offset is
                  ///< that header's first octet
  count_, ///< number of codes; not an anomaly
};

inline constexpr std::size_t anomaly_count = static_cast<std::size_t>(anomaly::count_);

/// Lower-case identifier ("bad_tcp_checksum"), "unknown" for out-of-range values.
[[nodiscard]] std::string_view anomaly_name(anomaly a) noexcept;

/// A set of anomaly codes as one 64-bit word: adding, testing and merging are single
/// instructions, so the decoder can record oddities without branches on the hot path.
class anomaly_set {
  static_assert(anomaly_count <= 64, "anomaly_set holds at most 64 codes");

public:
  constexpr anomaly_set() noexcept = default;

  constexpr void add(anomaly a) noexcept { bits_ |= bit(a); }
  constexpr void remove(anomaly a) noexcept { bits_ &= ~bit(a); }
  [[nodiscard]] constexpr bool has(anomaly a) const noexcept { return (bits_ & bit(a)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr int size() const noexcept { return std::popcount(bits_); }
  constexpr void clear() noexcept { bits_ = 0; }
  [[nodiscard]] constexpr std::uint64_t bits() const noexcept { return bits_; }

  /// Calls f(anomaly) for each member, lowest code first.
  template <class F> constexpr void for_each(F&& f) const {
    for (std::uint64_t rest = bits_; rest != 0; rest &= rest - 1) {
      f(static_cast<anomaly>(std::countr_zero(rest)));
    }
  }

  constexpr anomaly_set& operator|=(anomaly_set o) noexcept {
    bits_ |= o.bits_;
    return *this;
  }
  friend constexpr anomaly_set operator|(anomaly_set a, anomaly_set b) noexcept { return a |= b; }
  friend constexpr bool operator==(anomaly_set, anomaly_set) = default;

private:
  static constexpr std::uint64_t bit(anomaly a) noexcept {
    return std::uint64_t{1} << static_cast<unsigned>(a);
  }
  std::uint64_t bits_ = 0;
};

/// Per-code counters over many packets (what statistics and detectors read).
struct anomaly_counts {
  std::array<std::uint64_t, anomaly_count> per_code{};

  constexpr void add(anomaly_set s) noexcept {
    s.for_each([this](anomaly a) { ++per_code[static_cast<std::size_t>(a)]; });
  }
  [[nodiscard]] constexpr std::uint64_t operator[](anomaly a) const noexcept {
    return per_code[static_cast<std::size_t>(a)];
  }
};

} // namespace pktscope
