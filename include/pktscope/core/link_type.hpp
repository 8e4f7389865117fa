#pragma once
/// Link-layer header types as registered for pcap and pcapng (LINKTYPE_* values,
/// https://www.tcpdump.org/linktypes.html). Unlisted values stay valid: the enum
/// is a number with names for the common ones.

#include <cstdint>
#include <string_view>

namespace pktscope {

enum class link_type : std::uint16_t {
  null_loopback = 0, ///< BSD loopback: 4-byte host-order address family
  ethernet = 1,
  ppp = 9,
  fddi = 10,
  raw_bsd_dlt12 = 12, ///< DLT_RAW of most BSDs, written as-is by old libpcap: same as raw
  raw_bsd_dlt14 = 14, ///< DLT_RAW of OpenBSD, written as-is by old libpcap: same as raw
  raw = 101,          ///< raw IPv4 or IPv6, version nibble decides
  ieee802_11 = 105,
  loop = 108, ///< OpenBSD loopback: like null_loopback but network order
  linux_sll = 113,
  ieee802_11_radiotap = 127,
  ppi = 192,
  ipv4 = 228,
  ipv6 = 229,
  nflog = 239,
  linux_sll2 = 276,
};

/// LINKTYPE_ name without the prefix ("ETHERNET"), or empty for unlisted values.
std::string_view link_type_name(link_type type) noexcept;

/// The pcap header's 32-bit link field also carries FCS information in its
/// upper bits (pcap draft §4: bits 28..31 FCS length in 16-bit words when bit 26 is set).
struct link_field {
  link_type type;
  std::uint8_t fcs_len_bytes; ///< 0 when unknown/absent
  bool reserved_bits_set;     ///< bits 16..25 or 27 nonzero

  static link_field decode(std::uint32_t raw) noexcept {
    const bool fcs_present = (raw & 0x04000000U) != 0;
    return {static_cast<link_type>(raw & 0xffffU),
            static_cast<std::uint8_t>(fcs_present ? ((raw >> 28) & 0xfU) * 2 : 0),
            (raw & 0x0bff0000U) != 0};
  }
};

} // namespace pktscope
