#pragma once
/// PPP frame header as captured (LINKTYPE_PPP 9, PPPoE session payloads, PPP in GRE/L2TP): the
/// optional HDLC-like address and control octets 0xFF 0x03 (RFC 1662 §3.1; left out under
/// address-and-control-field compression, RFC 1661 §6.6) and the protocol field of 2 octets,
/// or 1 under protocol-field compression (RFC 1661 §6.5).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstdint>
#include <string_view>

namespace pktscope::ppp {

namespace fields { // RFC 1662 §3.1 (fields present only with address/control)
inline constexpr std::size_t address = 0, control = 1;
}
inline constexpr std::uint8_t all_stations = 0xff; ///< the only address value
inline constexpr std::uint8_t unnumbered_info = 0x03;
inline constexpr std::size_t address_control_len = 2;
inline constexpr std::size_t max_header_len = 4;

/// PPP protocol numbers (IANA "PPP DLL Protocol Numbers"; RFC 1661 §2). Unlisted values stay
/// valid.
enum class protocol : std::uint16_t {
  padding = 0x0001,
  ipv4 = 0x0021,
  osi = 0x0023,
  appletalk = 0x0029,
  ipx = 0x002b,
  vj_compressed_tcp = 0x002d,
  vj_uncompressed_tcp = 0x002f,
  bridging = 0x0031, ///< RFC 3518 bridging PDU
  multilink = 0x003d,
  ipv6 = 0x0057,
  mpls_unicast = 0x0281,
  mpls_multicast = 0x0283,
  ipcp = 0x8021,
  osinlcp = 0x8023,
  ipxcp = 0x802b,
  bcp = 0x8031,
  ipv6cp = 0x8057,
  mplscp = 0x8281,
  ccp = 0x80fd,
  lcp = 0xc021,
  pap = 0xc023,
  lqr = 0xc025,
  chap = 0xc223,
  eap = 0xc227,
};
std::string_view describe(protocol p) noexcept;

/// Whether the frame starts with the address/control octets 0xFF 0x03.
constexpr bool starts_with_address_control(bytes b) noexcept {
  return b.size() >= address_control_len && b[fields::address] == all_stations &&
         b[fields::control] == unnumbered_info;
}

/// Plain value for building and comparing. write_to() writes 0xFF 0x03 when
/// address_control, then the protocol in 1 octet when compressed_protocol (precondition: the
/// value is <= 0xFF and odd, RFC 1661 §6.5) or 2.
struct header {
  bool address_control = true;
  bool compressed_protocol = false;
  ppp::protocol protocol = ppp::protocol::ipv4;

  [[nodiscard]] std::size_t size() const noexcept {
    return (address_control ? address_control_len : 0) + (compressed_protocol ? 1 : 2);
  }
  void write_to(mut_bytes out) const noexcept {
    std::size_t o = 0;
    if (address_control) {
      store_u8(out, fields::address, all_stations);
      store_u8(out, fields::control, unnumbered_info);
      o = address_control_len;
    }
    const auto p = static_cast<std::uint16_t>(protocol);
    if (compressed_protocol) {
      store_u8(out, o, static_cast<std::uint8_t>(p));
    } else {
      store_be16(out, o, p);
    }
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. 0xFF 0x03 at the start is taken as the
  /// address/control field (no protocol number starts with 0xFF: first octets are even);
  /// then the protocol field is 1 octet when its first octet is odd, else 2. Errors:
  /// truncated(layer_id::ppp, 0, n, have) when b ends inside that header (a lone 0xFF counts
  /// as the start of an address/control field).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.empty() || (b.size() == 1 && b[0] == all_stations)) {
      return truncated(layer_id::ppp, 0, b.empty() ? 1 : address_control_len, b.size());
    }
    const std::size_t po = starts_with_address_control(b) ? address_control_len : 0;
    if (b.size() <= po) {
      return truncated(layer_id::ppp, 0, po + 1, b.size());
    }
    const std::size_t plen = (b[po] & 0x01U) != 0 ? 1 : 2;
    if (b.size() < po + plen) {
      return truncated(layer_id::ppp, 0, po + plen, b.size());
    }
    return view(b, static_cast<std::uint8_t>(po), static_cast<std::uint8_t>(plen));
  }

  [[nodiscard]] bool has_address_control() const noexcept { return proto_off_ != 0; }
  [[nodiscard]] bool compressed_protocol() const noexcept { return proto_len_ == 1; }
  // in bounds: parse() checked b_.size() >= proto_off_ + proto_len_.
  [[nodiscard]] ppp::protocol protocol() const noexcept {
    return static_cast<ppp::protocol>(proto_len_ == 1 ? load_u8(b_, proto_off_)
                                                      : load_be16(b_, proto_off_));
  }
  [[nodiscard]] std::size_t header_len() const noexcept {
    return std::size_t{proto_off_} + proto_len_;
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  /// Everything after the protocol field (PPP has no length field; an FCS, if the capture
  /// kept one, is the caller's to strip).
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    return {has_address_control(), compressed_protocol(), protocol()};
  }

private:
  view(bytes b, std::uint8_t proto_off, std::uint8_t proto_len) noexcept
      : b_(b), proto_off_(proto_off), proto_len_(proto_len) {}
  bytes b_;
  std::uint8_t proto_off_;
  std::uint8_t proto_len_;
};

} // namespace pktscope::ppp
