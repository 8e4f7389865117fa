#pragma once
/// ARP (RFC 826) for any hardware and protocol address sizes, plus RARP (RFC 903) and InARP
/// (RFC 2390), which share the format. Addresses are byte spans of hlen/plen octets; the
/// Ethernet/IPv4 case (hlen 6, plen 4) has typed convenience accessors.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace pktscope::arp {

namespace fields { // RFC 826 "Packet format"; addresses follow at variable offsets
inline constexpr std::size_t htype = 0, ptype = 2, hlen = 4, plen = 5, oper = 6, sender_hw = 8;
}
inline constexpr std::size_t fixed_len = 8;
inline constexpr std::size_t ethernet_ipv4_len = 28; ///< fixed part + 2 * (6 + 4)

/// Hardware types (IANA "Address Resolution Protocol (ARP) Parameters"). Unlisted values stay
/// valid.
enum class hardware_type : std::uint16_t {
  ethernet = 1,
  experimental_ethernet = 2,
  ax25 = 3,
  ieee802 = 6,
  arcnet = 7,
  frame_relay = 15,
  atm_16 = 16,
  hdlc = 17,
  fibre_channel = 18,
  atm = 19,
  serial_line = 20,
  ieee1394 = 24,
  infiniband = 32,
};
std::string_view describe(hardware_type t) noexcept;

/// Operation codes (IANA ARP parameters). Unlisted values stay valid.
enum class operation : std::uint16_t {
  request = 1,
  reply = 2,
  rarp_request = 3,
  rarp_reply = 4,
  drarp_request = 5,
  drarp_reply = 6,
  drarp_error = 7,
  inarp_request = 8,
  inarp_reply = 9,
  arp_nak = 10,
};
std::string_view describe(operation op) noexcept;

/// Plain value for building and comparing. The four addresses are non-owning spans; write_to()
/// copies them. Preconditions of write_to(): sender_hw/target_hw have hlen octets and
/// sender_proto/target_proto plen octets.
struct header {
  arp::hardware_type htype = arp::hardware_type::ethernet;
  std::uint16_t ptype = static_cast<std::uint16_t>(ether_type::ipv4);
  std::uint8_t hlen = 6;
  std::uint8_t plen = 4;
  arp::operation oper = arp::operation::request;
  bytes sender_hw;
  bytes sender_proto;
  bytes target_hw;
  bytes target_proto;

  [[nodiscard]] std::size_t size() const noexcept {
    return fixed_len + 2 * (std::size_t{hlen} + plen);
  }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::htype, static_cast<std::uint16_t>(htype));
    store_be16(out, fields::ptype, ptype);
    store_u8(out, fields::hlen, hlen);
    store_u8(out, fields::plen, plen);
    store_be16(out, fields::oper, static_cast<std::uint16_t>(oper));
    auto o = out.begin() + fields::sender_hw;
    o = std::copy_n(sender_hw.begin(), hlen, o);
    o = std::copy_n(sender_proto.begin(), plen, o);
    o = std::copy_n(target_hw.begin(), hlen, o);
    std::copy_n(target_proto.begin(), plen, o);
  }
  friend bool operator==(const header& a, const header& b) noexcept {
    const auto same = [](bytes x, bytes y) {
      return std::equal(x.begin(), x.end(), y.begin(), y.end());
    };
    return a.htype == b.htype && a.ptype == b.ptype && a.hlen == b.hlen && a.plen == b.plen &&
           a.oper == b.oper && same(a.sender_hw, b.sender_hw) &&
           same(a.sender_proto, b.sender_proto) && same(a.target_hw, b.target_hw) &&
           same(a.target_proto, b.target_proto);
  }
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::arp, 0, n,
  /// have) when b ends before the fixed 8 octets or before the four addresses their lengths
  /// announce (8 + 2 * (hlen + plen)). Zero lengths are legal (nothing contradicts them).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < fixed_len) {
      return truncated(layer_id::arp, 0, fixed_len, b.size());
    }
    const view v(b);
    if (b.size() < v.declared_len()) {
      return truncated(layer_id::arp, 0, v.declared_len(), b.size());
    }
    return v;
  }

  // in bounds: parse() checked b_.size() >= 8 + 2 * (hlen + plen).
  [[nodiscard]] arp::hardware_type htype() const noexcept {
    return static_cast<arp::hardware_type>(load_be16(b_, fields::htype));
  }
  [[nodiscard]] std::uint16_t ptype() const noexcept { return load_be16(b_, fields::ptype); }
  [[nodiscard]] std::uint8_t hlen() const noexcept { return load_u8(b_, fields::hlen); }
  [[nodiscard]] std::uint8_t plen() const noexcept { return load_u8(b_, fields::plen); }
  [[nodiscard]] arp::operation oper() const noexcept {
    return static_cast<arp::operation>(load_be16(b_, fields::oper));
  }
  [[nodiscard]] bytes sender_hw() const noexcept { return b_.subspan(fields::sender_hw, hlen()); }
  [[nodiscard]] bytes sender_proto() const noexcept {
    return b_.subspan(fields::sender_hw + hlen(), plen());
  }
  [[nodiscard]] bytes target_hw() const noexcept {
    return b_.subspan(fields::sender_hw + hlen() + plen(), hlen());
  }
  [[nodiscard]] bytes target_proto() const noexcept {
    return b_.subspan(fields::sender_hw + 2 * std::size_t{hlen()} + plen(), plen());
  }

  /// True for the common case: 6-octet hardware and 4-octet IPv4 addresses (whatever the
  /// hardware type: IEEE 802 networks all use 48-bit MACs).
  [[nodiscard]] bool is_ethernet_ipv4() const noexcept {
    return hlen() == 6 && plen() == 4 && ptype() == static_cast<std::uint16_t>(ether_type::ipv4);
  }
  /// True when the protocol addresses are IPv4 ones: 4 octets of protocol type IPv4, or of
  /// AX.25's PID for IP (0xcc, RFC 1226), whatever the hardware. A packet of another protocol
  /// type with 4-octet addresses (seen in fuzzed and vendor captures) carries no IPv4
  /// addresses, so listings do not show them as such.
  [[nodiscard]] bool has_ipv4_addresses() const noexcept {
    constexpr std::uint16_t ax25_pid_ip = 0xcc;
    return plen() == 4 &&
           (ptype() == static_cast<std::uint16_t>(ether_type::ipv4) || ptype() == ax25_pid_ip);
  }
  // Preconditions for the four below: is_ethernet_ipv4().
  [[nodiscard]] mac_address sender_mac() const noexcept {
    return mac_address::from_bytes(sender_hw());
  }
  [[nodiscard]] ipv4_address sender_ipv4() const noexcept {
    return ipv4_address::from_bytes(sender_proto());
  }
  [[nodiscard]] mac_address target_mac() const noexcept {
    return mac_address::from_bytes(target_hw());
  }
  [[nodiscard]] ipv4_address target_ipv4() const noexcept {
    return ipv4_address::from_bytes(target_proto());
  }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(declared_len()); }
  /// ARP has no payload; this is what follows the packet (link padding), as trailer().
  [[nodiscard]] bytes payload() const noexcept { return trailer(); }
  [[nodiscard]] bytes trailer() const noexcept { return b_.subspan(declared_len()); }
  [[nodiscard]] std::size_t declared_len() const noexcept {
    return fixed_len + 2 * (std::size_t{hlen()} + plen());
  }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// The returned header's address spans point into the viewed bytes.
  [[nodiscard]] header to_header() const noexcept {
    return {htype(),     ptype(),        hlen(),      plen(),        oper(),
            sender_hw(), sender_proto(), target_hw(), target_proto()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing. No setter changes hlen/plen, so none voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    const auto v = view::parse(bytes(b));
    if (!v) {
      return unexpected{v.error()};
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }

  void set_oper(operation op) noexcept {
    store_be16(b_, fields::oper, static_cast<std::uint16_t>(op));
  }
  // Preconditions for the address setters: the span has hlen (hardware) or plen (protocol)
  // octets.
  void set_sender_hw(bytes a) noexcept { copy_to(as_view().sender_hw(), a); }
  void set_sender_proto(bytes a) noexcept { copy_to(as_view().sender_proto(), a); }
  void set_target_hw(bytes a) noexcept { copy_to(as_view().target_hw(), a); }
  void set_target_proto(bytes a) noexcept { copy_to(as_view().target_proto(), a); }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  void copy_to(bytes field, bytes a) noexcept {
    const auto off = static_cast<std::size_t>(field.data() - b_.data());
    std::copy_n(a.begin(), std::min(a.size(), field.size()),
                b_.begin() + static_cast<std::ptrdiff_t>(off));
  }
  mut_bytes b_;
};

} // namespace pktscope::arp
