#pragma once
/// IEEE 802.2 LLC header, with the SNAP extension (IEEE 802, RFC 1042) when DSAP = SSAP = 0xAA.
/// LLC follows an 802.3 length field (Ethernet, VLAN tag) or sits at the start of 802.11 data,
/// SLL (protocol 0x0004) and other link layers. SNAP is part of this layer, as Wireshark shows
/// it (llc.oui, llc.pid, llc.type).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <cstdint>
#include <string_view>

namespace pktscope::llc {

namespace fields { // ISO/IEC 8802-2 §3.2
inline constexpr std::size_t dsap = 0, ssap = 1, control = 2;
}
inline constexpr std::size_t min_header_len = 3; ///< DSAP, SSAP, one-octet (U-format) control
inline constexpr std::size_t snap_len = 5;       ///< OUI (3) + protocol id (2)

/// Service access points (ISO/IEC 8802-2 and the IEEE SAP registry). The low bit of the DSAP
/// is the I/G bit and of the SSAP the C/R bit; these values have it clear.
enum class sap : std::uint8_t {
  null = 0x00,
  llc_management = 0x02,
  sna_path_control = 0x04,
  ip = 0x06, ///< RFC 791 over 802.2 without SNAP (rare)
  proway = 0x0e,
  stp = 0x42, ///< IEEE 802.1 bridge spanning tree
  x25 = 0x7e,
  snap = 0xaa,
  ipx = 0xe0,
  netbios = 0xf0,
  lan_manager = 0xf4,
  iso_network = 0xfe, ///< ISO CLNS (IS-IS, ES-IS)
  global = 0xff,
};
std::string_view describe(sap s) noexcept;

/// SNAP organisation codes whose protocol id is an EtherType (RFC 1042 §"IEEE 802.2": OUI 0;
/// IEEE 802.1H bridge tunnel 00-00-F8; Apple 08-00-07 carries AppleTalk EtherTypes).
inline constexpr std::uint32_t oui_encapsulated_ethernet = 0x000000;
inline constexpr std::uint32_t oui_bridge_tunnel = 0x0000f8;
inline constexpr std::uint32_t oui_apple = 0x080007;
inline constexpr std::uint32_t oui_cisco = 0x00000c;
constexpr bool oui_uses_ether_type(std::uint32_t oui) noexcept {
  return oui == oui_encapsulated_ethernet || oui == oui_bridge_tunnel || oui == oui_apple;
}

/// Length of the control field that starts with octet `first`: U-format PDUs (low two bits
/// 11) have one octet; I- and S-format PDUs have two (ISO/IEC 8802-2 §5.2).
constexpr std::size_t control_len_for(std::uint8_t first) noexcept {
  return (first & 0x03U) == 0x03U ? 1 : 2;
}

/// Plain value for building and comparing. SNAP is present exactly when dsap == ssap == 0xAA;
/// oui and pid are ignored otherwise. A two-octet control field is held as Wireshark shows
/// it: the first octet on the wire in the low byte.
struct header {
  std::uint8_t dsap = 0;
  std::uint8_t ssap = 0;
  std::uint16_t control = 0x03; ///< UI
  std::uint32_t oui = 0;        ///< 24 bits
  std::uint16_t pid = 0;        ///< SNAP protocol id (an EtherType when oui_uses_ether_type)

  [[nodiscard]] bool has_snap() const noexcept {
    return dsap == static_cast<std::uint8_t>(sap::snap) &&
           ssap == static_cast<std::uint8_t>(sap::snap);
  }
  [[nodiscard]] std::size_t control_len() const noexcept {
    return control_len_for(static_cast<std::uint8_t>(control & 0xffU));
  }
  [[nodiscard]] std::size_t size() const noexcept {
    return 2 + control_len() + (has_snap() ? snap_len : 0);
  }
  /// Precondition: out.size() >= size(); for a one-octet control, control <= 0xff.
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header& a, const header& b) noexcept {
    return a.dsap == b.dsap && a.ssap == b.ssap && a.control == b.control &&
           (!a.has_snap() || (a.oui == b.oui && a.pid == b.pid));
  }
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::llc, 0, n,
  /// have) when b ends before DSAP, SSAP and the control field (1 or 2 octets, decided by the
  /// first control octet) or, for SNAP, before the 5-octet OUI + protocol id.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < min_header_len) {
      return truncated(layer_id::llc, 0, min_header_len, b.size());
    }
    const view v(b);
    if (b.size() < v.header_len()) {
      return truncated(layer_id::llc, 0, v.header_len(), b.size());
    }
    return v;
  }

  // in bounds: parse() checked b_.size() >= header_len() (>= 3).
  [[nodiscard]] std::uint8_t dsap() const noexcept { return load_u8(b_, fields::dsap); }
  [[nodiscard]] std::uint8_t ssap() const noexcept { return load_u8(b_, fields::ssap); }
  /// DSAP without the I/G bit (the SAP proper).
  [[nodiscard]] llc::sap dsap_sap() const noexcept { return static_cast<llc::sap>(dsap() & 0xfeU); }
  [[nodiscard]] bool is_group() const noexcept { return (dsap() & 0x01U) != 0; }
  [[nodiscard]] bool is_response() const noexcept { return (ssap() & 0x01U) != 0; }
  [[nodiscard]] std::size_t control_len() const noexcept {
    return control_len_for(load_u8(b_, fields::control));
  }
  /// The control field; a two-octet one with its first octet in the low byte (as Wireshark's
  /// llc.control). Only a U-format control (low bits 11) is one octet.
  [[nodiscard]] std::uint16_t control() const noexcept {
    return control_len() == 1 ? load_u8(b_, fields::control) : load_le16(b_, fields::control);
  }
  [[nodiscard]] bool has_snap() const noexcept {
    return dsap() == static_cast<std::uint8_t>(sap::snap) &&
           ssap() == static_cast<std::uint8_t>(sap::snap);
  }
  /// SNAP organisation code (24 bits). Precondition: has_snap().
  [[nodiscard]] std::uint32_t oui() const noexcept {
    const std::size_t o = snap_offset();
    return std::uint32_t{load_u8(b_, o)} << 16 | std::uint32_t{load_u8(b_, o + 1)} << 8 |
           load_u8(b_, o + 2);
  }
  /// SNAP protocol id. Precondition: has_snap().
  [[nodiscard]] std::uint16_t pid() const noexcept { return load_be16(b_, snap_offset() + 3); }
  /// True when the payload is named by an EtherType: SNAP with an OUI from
  /// oui_uses_ether_type(). Then ether_type() is the pid.
  [[nodiscard]] bool has_ether_type() const noexcept {
    return has_snap() && oui_uses_ether_type(oui());
  }
  [[nodiscard]] pktscope::ether_type ether_type() const noexcept {
    return static_cast<pktscope::ether_type>(pid());
  }

  [[nodiscard]] std::size_t header_len() const noexcept {
    return snap_offset() + (has_snap() ? snap_len : 0);
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  /// Everything after the LLC (and SNAP) header; the caller passes bytes already bounded by
  /// the 802.3 length field.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    header h{dsap(), ssap(), control(), 0, 0};
    if (has_snap()) {
      h.oui = oui();
      h.pid = pid();
    }
    return h;
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  [[nodiscard]] std::size_t snap_offset() const noexcept { return fields::control + control_len(); }
  bytes b_;
};

/// Novell "raw" 802.3: an IPX header (checksum 0xFFFF) directly after the length field, with
/// no LLC. Wireshark and tcpdump recognise it by those two octets.
constexpr bool is_novell_raw(bytes payload_of_802_3) noexcept {
  return payload_of_802_3.size() >= 2 && payload_of_802_3[0] == 0xff && payload_of_802_3[1] == 0xff;
}

/// What an 802.3 (length-field) payload carries, resolved through LLC and SNAP.
enum class carrier : std::uint8_t {
  sap,        ///< plain LLC: dispatch on dsap_sap() (STP, NetBIOS, ISO CLNS, ...)
  ether_type, ///< SNAP with an EtherType (RFC 1042): dispatch on ether_type
  snap_pid,   ///< SNAP with an organisation-specific protocol id (oui, pid), e.g. Cisco CDP
  novell_raw, ///< IPX without LLC
};

struct resolved {
  llc::carrier carrier = llc::carrier::sap;
  std::uint8_t dsap = 0;
  std::uint32_t oui = 0;
  std::uint16_t pid = 0;
  pktscope::ether_type ether_type{};
  std::size_t header_len = 0; ///< LLC + SNAP octets (0 for novell_raw)
  bytes payload;              ///< what follows them
};

/// Resolves an 802.3 payload (ethernet::view::payload() when has_length(), or a VLAN tag's
/// payload likewise) to the protocol it carries. Errors: those of view::parse().
[[nodiscard]] inline result<resolved> resolve(bytes payload_of_802_3) noexcept {
  resolved r;
  if (is_novell_raw(payload_of_802_3)) {
    r.carrier = carrier::novell_raw;
    r.payload = payload_of_802_3;
    return r;
  }
  const auto v = view::parse(payload_of_802_3);
  if (!v) {
    return unexpected{v.error()};
  }
  r.dsap = v->dsap();
  r.header_len = v->header_len();
  r.payload = v->payload();
  if (v->has_snap()) {
    r.oui = v->oui();
    r.pid = v->pid();
    if (v->has_ether_type()) {
      r.carrier = carrier::ether_type;
      r.ether_type = v->ether_type();
    } else {
      r.carrier = carrier::snap_pid;
    }
  }
  return r;
}

inline void header::write_to(mut_bytes out) const noexcept {
  store_u8(out, fields::dsap, dsap);
  store_u8(out, fields::ssap, ssap);
  if (control_len() == 1) {
    store_u8(out, fields::control, static_cast<std::uint8_t>(control));
  } else {
    store_le16(out, fields::control, control);
  }
  if (has_snap()) {
    const std::size_t o = fields::control + control_len();
    store_u8(out, o, static_cast<std::uint8_t>(oui >> 16));
    store_u8(out, o + 1, static_cast<std::uint8_t>(oui >> 8));
    store_u8(out, o + 2, static_cast<std::uint8_t>(oui));
    store_be16(out, o + 3, pid);
  }
}

} // namespace pktscope::llc
