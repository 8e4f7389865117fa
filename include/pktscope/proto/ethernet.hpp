#pragma once
/// Ethernet MAC header: Ethernet II (DIX, type field) and IEEE 802.3 (length field, followed by
/// an 802.2 LLC header, see llc.hpp). Also the EtherType registry every layer that names its
/// successor by EtherType shares (VLAN, SLL, PPPoE's neighbours, GRE, ...).
///
/// The FCS is not part of the view: captures almost never carry it, and when they do the
/// link field of the capture says so (link_field::fcs_len_bytes); the caller strips it.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace pktscope {

/// EtherType values (IEEE Registration Authority EtherType registry; IANA "ieee-802-numbers").
/// Unlisted values stay valid: the enum is a number with names for the common ones.
enum class ether_type : std::uint16_t {
  ipv4 = 0x0800,
  arp = 0x0806,
  wake_on_lan = 0x0842,
  trill = 0x22f3,
  erspan_type3 = 0x22eb,
  transparent_ethernet_bridging = 0x6558, ///< RFC 1701: Ethernet frame inside GRE
  rarp = 0x8035,
  appletalk = 0x809b,
  aarp = 0x80f3,
  vlan = 0x8100, ///< IEEE 802.1Q customer tag
  ipx = 0x8137,
  ipv6 = 0x86dd,
  ethernet_flow_control = 0x8808,
  slow_protocols = 0x8809, ///< LACP, marker, OAM (IEEE 802.3 annex 57A)
  mpls_unicast = 0x8847,
  mpls_multicast = 0x8848,
  pppoe_discovery = 0x8863,
  pppoe_session = 0x8864,
  eapol = 0x888e, ///< IEEE 802.1X
  profinet = 0x8892,
  ata_over_ethernet = 0x88a2,
  ethercat = 0x88a4,
  qinq = 0x88a8, ///< IEEE 802.1ad service tag
  erspan_type2 = 0x88be,
  lldp = 0x88cc,
  macsec = 0x88e5, ///< IEEE 802.1AE
  pbb = 0x88e7,    ///< IEEE 802.1ah backbone service instance tag
  ptp = 0x88f7,    ///< IEEE 1588 over Ethernet
  prp = 0x88fb,
  cfm = 0x8902, ///< IEEE 802.1ag connectivity fault management
  fcoe = 0x8906,
  fcoe_initialization = 0x8914,
  roce = 0x8915,
  hsr = 0x892f,
  nsh = 0x894f, ///< RFC 8300 network service header
  loopback = 0x9000,
  qinq_old = 0x9100, ///< pre-802.1ad vendor service tag
};

/// Short English name of an EtherType ("IPv4", "802.1Q Virtual LAN"), empty for unlisted values.
std::string_view describe(ether_type type) noexcept;

/// IEEE 802.3 §3.2.6: a type/length field value up to 1500 is a length, from 0x0600 on a type.
/// Values in between are neither; like Wireshark we treat them as (unregistered) types.
inline constexpr std::uint16_t max_802_3_length = 1500;
inline constexpr std::uint16_t min_ether_type = 0x0600;

/// True when a type/length field holds a length (802.3 frame, LLC follows) rather than a type.
constexpr bool is_802_3_length(std::uint16_t type_or_length) noexcept {
  return type_or_length <= max_802_3_length;
}

namespace detail {

/// Internal, not API: the part shared by the views whose fixed header of HeaderLen octets ends
/// in an IEEE 802 type/length field at TypeOrLengthField (Ethernet, the 802.1Q tag): an
/// EtherType, or an 802.3 length that bounds the payload. The view's parse() checks
/// b_.size() >= HeaderLen, which keeps every accessor here in bounds.
template <std::size_t HeaderLen, std::size_t TypeOrLengthField> class type_or_length_view {
public:
  [[nodiscard]] std::uint16_t type_or_length() const noexcept {
    return load_be16(b_, TypeOrLengthField);
  }
  /// True when the field is an 802.3 length: an LLC header (or, for Novell "raw" 802.3, an IPX
  /// header) starts the payload; see llc::resolve().
  [[nodiscard]] bool has_length() const noexcept { return is_802_3_length(type_or_length()); }
  /// The EtherType. Meaningless when has_length().
  [[nodiscard]] pktscope::ether_type ether_type() const noexcept {
    return static_cast<pktscope::ether_type>(type_or_length());
  }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(HeaderLen); }
  /// EtherType: everything after the header (padding and trailers included; the layer above
  /// bounds itself). Length: the `length` bytes after the header, clipped to what was captured.
  [[nodiscard]] bytes payload() const noexcept {
    return b_.subspan(HeaderLen, std::min(declared_len(), b_.size()) - HeaderLen);
  }
  /// has_length() only: bytes after the declared length (padding to the 64-byte minimum,
  /// trailers). Empty otherwise.
  [[nodiscard]] bytes trailer() const noexcept {
    return b_.subspan(std::min(declared_len(), b_.size()));
  }
  /// Header + length when has_length(); the captured size otherwise (no length field).
  [[nodiscard]] std::size_t declared_len() const noexcept {
    return has_length() ? HeaderLen + type_or_length() : b_.size();
  }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }

protected:
  explicit type_or_length_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace detail

} // namespace pktscope

namespace pktscope::ethernet {

namespace fields { // IEEE 802.3 §3.1.1 (MAC frame format)
inline constexpr std::size_t dst = 0, src = 6, type_or_length = 12;
}
inline constexpr std::size_t mac_len = 6;
inline constexpr std::size_t header_len = 14;

/// Plain value for building and comparing. write_to() serialises exactly the given values.
struct header {
  mac_address dst;
  mac_address src;
  std::uint16_t type_or_length = 0; ///< an EtherType, or a length <= 1500 (802.3)

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

/// Type/length field accessors, header_bytes(), payload(), trailer(), declared_len() and
/// captured_len() come from detail::type_or_length_view.
class view : public detail::type_or_length_view<header_len, fields::type_or_length> {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::ethernet, 0,
  /// 14, have) when b is shorter than the MAC header. Nothing else can contradict itself: an
  /// 802.3 length larger than what was captured is a snaplen cut, visible through
  /// declared_len() > captured_len().
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::ethernet, 0, header_len, b.size());
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 14 for every field below.
  [[nodiscard]] mac_address dst() const noexcept { return mac_address::from_bytes(dst_bytes()); }
  [[nodiscard]] mac_address src() const noexcept { return mac_address::from_bytes(src_bytes()); }
  [[nodiscard]] bytes dst_bytes() const noexcept { return b_.subspan(fields::dst, mac_len); }
  [[nodiscard]] bytes src_bytes() const noexcept { return b_.subspan(fields::src, mac_len); }
  [[nodiscard]] header to_header() const noexcept { return {dst(), src(), type_or_length()}; }

private:
  explicit view(bytes b) noexcept : type_or_length_view(b) {}
};

/// In-place editing of a parsed frame. set_type_or_length() changes how payload() is bounded
/// (type vs. length) but never makes the view read outside the bytes parse() accepted.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::ethernet, 0, header_len, b.size());
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }

  void set_dst(const mac_address& a) noexcept {
    std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::dst);
  }
  void set_src(const mac_address& a) noexcept {
    std::copy(a.octets.begin(), a.octets.end(), b_.begin() + fields::src);
  }
  void set_type_or_length(std::uint16_t v) noexcept { store_be16(b_, fields::type_or_length, v); }
  void set_ether_type(pktscope::ether_type t) noexcept {
    set_type_or_length(static_cast<std::uint16_t>(t));
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

inline void header::write_to(mut_bytes out) const noexcept {
  std::copy(dst.octets.begin(), dst.octets.end(), out.begin() + fields::dst);
  std::copy(src.octets.begin(), src.octets.end(), out.begin() + fields::src);
  store_be16(out, fields::type_or_length, type_or_length);
}

} // namespace pktscope::ethernet
