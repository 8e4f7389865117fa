#pragma once
/// Linux "cooked" capture header v1 (LINKTYPE_LINUX_SLL 113; tcpdump.org/linktypes/
/// LINKTYPE_LINUX_SLL.html): 16 octets written by libpcap for the "any" device and for devices
/// without a usable link-layer header. Also holds what v2 (linux_sll2.hpp) shares with it:
/// packet types, ARPHRD_ device types and the meaning of the protocol type field.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace pktscope::linux_sll {

namespace fields { // LINKTYPE_LINUX_SLL: all fields big-endian
inline constexpr std::size_t packet_type = 0, arphrd_type = 2, address_length = 4, address = 6,
                             protocol = 14;
}
inline constexpr std::size_t header_len = 16;
inline constexpr std::size_t address_field_len = 8; ///< longer addresses are cut to 8 octets

/// Direction/addressing of the packet (Linux PACKET_* values; the link-type page lists 0..4).
enum class packet_type : std::uint16_t {
  host = 0,      ///< sent to us by somebody else
  broadcast = 1, ///< broadcast by somebody else
  multicast = 2, ///< multicast, not broadcast, by somebody else
  otherhost = 3, ///< sent to somebody else by somebody else
  outgoing = 4,  ///< sent by us
  loopback = 5,  ///< Linux PACKET_LOOPBACK (not on the link-type page)
  user = 6,
  kernel = 7,
};
std::string_view describe(packet_type t) noexcept;

/// Linux ARPHRD_ device types (include/uapi/linux/if_arp.h). Unlisted values stay valid.
enum class arphrd : std::uint16_t {
  netrom = 0,
  ether = 1,
  eether = 2,
  ax25 = 3,
  ieee802 = 6,
  arcnet = 7,
  dlci = 15,
  atm = 19,
  ieee1394 = 24,
  infiniband = 32,
  slip = 256,
  cslip = 257,
  can = 280,
  ppp = 512,
  cisco_hdlc = 513,
  rawip = 519,
  tunnel = 768,
  tunnel6 = 769,
  frad = 770,
  loopback = 772,
  sit = 776,
  ipgre = 778,
  ieee802_tr = 800,
  ieee80211 = 801,
  ieee80211_prism = 802,
  ieee80211_radiotap = 803,
  ieee802154 = 804,
  ip6gre = 823,
  netlink = 824,
  sixlowpan = 825,
  vsockmon = 826,
  none = 0xfffe,
  void_type = 0xffff,
};
std::string_view describe(arphrd t) noexcept;

/// Special protocol type values (Linux ETH_P_* below 0x0600) named by the link-type pages.
enum class special_protocol : std::uint16_t {
  novell_802_3 = 0x0001, ///< Novell 802.3 frame without 802.2 LLC (ETH_P_802_3)
  mysterious = 0x0003,   ///< "in some mysterious cases" (ETH_P_ALL)
  llc = 0x0004,          ///< frame begins with an 802.2 LLC header (ETH_P_802_2)
  can = 0x000c,          ///< CAN bus frame (ETH_P_CAN)
  canfd = 0x000d,        ///< CAN FD frame (ETH_P_CANFD)
};

/// How to read the protocol type field, which depends on the ARPHRD_ type (link-type pages).
enum class payload_kind : std::uint8_t {
  ether_type,   ///< protocol is an EtherType
  gre_protocol, ///< ARPHRD_IPGRE/IP6GRE: a GRE protocol type (EtherType numbering)
  netlink,      ///< ARPHRD_NETLINK: a Netlink protocol; the packet is LINKTYPE_NETLINK
  radiotap,     ///< ARPHRD_IEEE80211_RADIOTAP: protocol ignored; Radiotap + 802.11 follows
  frame_relay,  ///< ARPHRD_FRAD: protocol ignored; Q.922 LAPF frame follows
  novell_802_3, ///< protocol 0x0001: IPX without LLC
  llc,          ///< protocol 0x0004: 802.2 LLC header follows
  can,          ///< protocol 0x000C
  canfd,        ///< protocol 0x000D
  other,        ///< another value below 0x0600 (e.g. 0x0003)
};
std::string_view describe(payload_kind k) noexcept;

/// Shared by v1 and v2: what follows the header given its ARPHRD_ type and protocol type.
constexpr payload_kind classify(arphrd hatype, std::uint16_t protocol) noexcept {
  switch (hatype) {
  case arphrd::netlink: return payload_kind::netlink;
  case arphrd::ipgre:
  case arphrd::ip6gre: return payload_kind::gre_protocol;
  case arphrd::ieee80211_radiotap: return payload_kind::radiotap;
  case arphrd::frad: return payload_kind::frame_relay;
  default: break;
  }
  if (protocol >= min_ether_type) {
    return payload_kind::ether_type;
  }
  switch (static_cast<special_protocol>(protocol)) {
  case special_protocol::novell_802_3: return payload_kind::novell_802_3;
  case special_protocol::llc: return payload_kind::llc;
  case special_protocol::can: return payload_kind::can;
  case special_protocol::canfd: return payload_kind::canfd;
  case special_protocol::mysterious: break;
  }
  return payload_kind::other;
}

/// Plain value for building and comparing. The address field is kept whole (8 octets,
/// padding included) so that bytes round-trip; address_length is written as given.
struct header {
  linux_sll::packet_type packet_type = linux_sll::packet_type::host;
  linux_sll::arphrd arphrd_type = linux_sll::arphrd::ether;
  std::uint16_t address_length = 0;
  std::array<std::uint8_t, address_field_len> address{};
  std::uint16_t protocol = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::packet_type, static_cast<std::uint16_t>(packet_type));
    store_be16(out, fields::arphrd_type, static_cast<std::uint16_t>(arphrd_type));
    store_be16(out, fields::address_length, address_length);
    std::copy(address.begin(), address.end(), out.begin() + fields::address);
    store_be16(out, fields::protocol, protocol);
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::linux_sll, 0,
  /// 16, have) when b is shorter than the header. An address length above 8 is legal (the
  /// address is cut to 8 octets).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::linux_sll, 0, header_len, b.size());
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 16.
  [[nodiscard]] linux_sll::packet_type packet_type() const noexcept {
    return static_cast<linux_sll::packet_type>(load_be16(b_, fields::packet_type));
  }
  [[nodiscard]] arphrd arphrd_type() const noexcept {
    return static_cast<arphrd>(load_be16(b_, fields::arphrd_type));
  }
  [[nodiscard]] std::uint16_t address_length() const noexcept {
    return load_be16(b_, fields::address_length);
  }
  /// The meaningful address octets: min(address_length, 8).
  [[nodiscard]] bytes address() const noexcept {
    return b_.subspan(fields::address, std::min<std::size_t>(address_length(), address_field_len));
  }
  /// The whole 8-octet field, padding included.
  [[nodiscard]] bytes address_field() const noexcept {
    return b_.subspan(fields::address, address_field_len);
  }
  [[nodiscard]] std::uint16_t protocol() const noexcept { return load_be16(b_, fields::protocol); }
  /// The protocol as an EtherType. Meaningful when kind() is ether_type or gre_protocol.
  [[nodiscard]] pktscope::ether_type ether_type() const noexcept {
    return static_cast<pktscope::ether_type>(protocol());
  }
  [[nodiscard]] payload_kind kind() const noexcept { return classify(arphrd_type(), protocol()); }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Everything after the header (no length field). For kind() == netlink the link-type page
  /// counts the header as part of the Netlink packet; use header_bytes() too then.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    header h{packet_type(), arphrd_type(), address_length(), {}, protocol()};
    const bytes a = address_field();
    std::copy(a.begin(), a.end(), h.address.begin());
    return h;
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing. No setter voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::linux_sll, 0, header_len, b.size());
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }
  void set_packet_type(linux_sll::packet_type t) noexcept {
    store_be16(b_, fields::packet_type, static_cast<std::uint16_t>(t));
  }
  void set_arphrd_type(arphrd t) noexcept {
    store_be16(b_, fields::arphrd_type, static_cast<std::uint16_t>(t));
  }
  void set_protocol(std::uint16_t p) noexcept { store_be16(b_, fields::protocol, p); }
  /// Sets the address length and the field (cut to 8 octets, zero-padded).
  void set_address(bytes a) noexcept {
    store_be16(b_, fields::address_length, static_cast<std::uint16_t>(a.size()));
    const std::size_t n = std::min(a.size(), address_field_len);
    std::fill_n(b_.begin() + fields::address, address_field_len, std::uint8_t{0});
    std::copy_n(a.begin(), n, b_.begin() + fields::address);
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::linux_sll
