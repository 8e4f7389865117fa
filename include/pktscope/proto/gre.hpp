#pragma once
/// GRE header view: RFC 2784 with the key and sequence number of RFC 2890, the routing fields
/// of RFC 1701 (walked over, not interpreted), and version 1, the enhanced GRE of PPTP
/// (RFC 2637 §4.1).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::gre {

/// IP protocol number (IANA).
inline constexpr std::uint8_t ip_protocol = 47;

namespace fields { // RFC 2784 §2, RFC 2890 §2
/// 16 bits: C R K S s Recur(3) A(v1) Flags(4) Ver(3).
inline constexpr std::size_t flags_version = 0;
/// Byte holding the version (low 3 bits).
inline constexpr std::size_t version = 1;
inline constexpr std::size_t protocol_type = 2;
/// First optional field (checksum when C or R is set).
inline constexpr std::size_t optional = 4;
} // namespace fields
/// Fixed part: flags/version and protocol type.
inline constexpr std::size_t base_header_len = 4;

/// Bits of the flags/version word.
namespace bits {
inline constexpr std::uint16_t checksum_present = 0x8000;    ///< C: checksum + offset fields
inline constexpr std::uint16_t routing_present = 0x4000;     ///< R (RFC 1701): offset + routing
inline constexpr std::uint16_t key_present = 0x2000;         ///< K (RFC 2890)
inline constexpr std::uint16_t seq_present = 0x1000;         ///< S (RFC 2890)
inline constexpr std::uint16_t strict_source_route = 0x0800; ///< s (RFC 1701)
inline constexpr std::uint16_t recursion_mask = 0x0700;      ///< Recur (RFC 1701)
inline constexpr std::uint16_t ack_present = 0x0080;         ///< A (version 1, RFC 2637)
inline constexpr std::uint16_t version_mask = 0x0007;
} // namespace bits

/// Well-known protocol types (EtherTypes) carried by GRE.
enum class protocol : std::uint16_t {
  ipv4 = 0x0800,
  ipv6 = 0x86dd,
  transparent_ethernet = 0x6558, ///< RFC 1701: bridged Ethernet frames (NVGRE, RFC 7637)
  ppp = 0x880b,                  ///< PPTP (version 1)
  erspan_type2 = 0x88be,         ///< ERSPAN type II (type I when S is clear)
  erspan_type3 = 0x22eb,
  mpls = 0x8847,
  /// WCCP version 2 GRE redirection (draft-wilson-wrec-wccp-v2-01 §4.12): a 4-octet
  /// redirect header (wccp_redirect_header_len), then the redirected IPv4 packet.
  wccp = 0x883e,
  /// Cisco MetaData (TrustSec inline tagging) in GRE: an 8-octet header whose first two
  /// octets are the EtherType of what follows, then version, length, options and the 16-bit
  /// Security Group Tag (the layout tshark's cmd dissector reads in GRE).
  cisco_metadata = 0x8909,
};
inline constexpr std::size_t wccp_redirect_header_len = 4;
inline constexpr std::size_t cisco_metadata_header_len = 8;

/// Plain value for building and comparing. Which optional fields write_to() emits follows
/// the bits in flags_version: checksum+offset (C or R), key (K), sequence (S), ack (A, only
/// for version 1). Routing entries are not represented (R is kept as a bit only).
struct header {
  std::uint16_t flags_version = 0;
  std::uint16_t protocol_type = 0;
  std::uint16_t checksum = 0;
  std::uint16_t offset = 0; ///< "Reserved1" in RFC 2784
  std::uint32_t key = 0;    ///< version 1: payload length << 16 | call id
  std::uint32_t sequence = 0;
  std::uint32_t ack = 0;

  [[nodiscard]] std::size_t size() const noexcept;
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header& a, const header& b) noexcept;
};

class view {
public:
  /// Errors: truncated(layer_id::gre, 0, 4, have) when the fixed part is missing;
  /// malformed(layer_id::gre, fields::version) when the version is neither 0 nor 1;
  /// truncated(layer_id::gre, 0, needed, have) when the optional fields (or a routing entry)
  /// the flags announce (or the routing entries up to the null entry) are not all captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  std::uint16_t flags_version() const noexcept { return load_be16(b_, fields::flags_version); }
  std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(flags_version() & bits::version_mask);
  }
  std::uint8_t recursion() const noexcept {
    return static_cast<std::uint8_t>((flags_version() & bits::recursion_mask) >> 8);
  }
  bool has_checksum() const noexcept { return (flags_version() & bits::checksum_present) != 0; }
  bool has_routing() const noexcept { return (flags_version() & bits::routing_present) != 0; }
  bool has_key() const noexcept { return (flags_version() & bits::key_present) != 0; }
  bool has_sequence() const noexcept { return (flags_version() & bits::seq_present) != 0; }
  /// Version 1 only.
  bool has_ack() const noexcept {
    return version() == 1 && (flags_version() & bits::ack_present) != 0;
  }
  /// The EtherType of the payload (tshark's gre.proto).
  std::uint16_t protocol_type() const noexcept { return load_be16(b_, fields::protocol_type); }

  // Optional fields; in bounds: parse() checked the length the flags imply.
  std::optional<std::uint16_t> checksum() const noexcept {
    if (!has_checksum_word()) {
      return std::nullopt;
    }
    return load_be16(b_, fields::optional);
  }
  /// Offset (RFC 1701) / Reserved1 (RFC 2784): present with the checksum word.
  std::optional<std::uint16_t> offset() const noexcept {
    if (!has_checksum_word()) {
      return std::nullopt;
    }
    return load_be16(b_, fields::optional + 2);
  }
  std::optional<std::uint32_t> key() const noexcept {
    if (!has_key()) {
      return std::nullopt;
    }
    return load_be32(b_, key_offset());
  }
  std::optional<std::uint32_t> sequence() const noexcept {
    if (!has_sequence()) {
      return std::nullopt;
    }
    return load_be32(b_, seq_offset());
  }
  /// Version 1 acknowledgment number (tshark's gre.ack_number).
  std::optional<std::uint32_t> ack() const noexcept {
    if (!has_ack()) {
      return std::nullopt;
    }
    return load_be32(b_, ack_offset());
  }
  /// Version 1: high half of the key field (gre.key.payload_length).
  std::optional<std::uint16_t> payload_length() const noexcept {
    if (version() != 1 || !has_key()) {
      return std::nullopt;
    }
    return load_be16(b_, key_offset());
  }
  /// Version 1: low half of the key field (gre.key.call_id).
  std::optional<std::uint16_t> call_id() const noexcept {
    if (version() != 1 || !has_key()) {
      return std::nullopt;
    }
    return load_be16(b_, key_offset() + 2);
  }

  /// Optional fields and routing entries included.
  std::size_t header_length() const noexcept { return hdr_len_; }
  bytes header_bytes() const noexcept { return b_.first(hdr_len_); }
  /// Everything after the header (GRE has no length field; version 1 announces one, see
  /// payload_length()).
  bytes payload() const noexcept { return b_.subspan(hdr_len_); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  /// Checks the checksum over the first `packet_len` bytes (header and payload; the IP
  /// payload length). absent when C is clear; unverified when fewer bytes were captured.
  [[nodiscard]] checksum_status verify_checksum(std::size_t packet_len) const noexcept;

  header to_header() const noexcept;

private:
  view(bytes b, std::size_t hdr_len) noexcept : b_(b), hdr_len_(hdr_len) {}
  bool has_checksum_word() const noexcept {
    return (flags_version() & (bits::checksum_present | bits::routing_present)) != 0;
  }
  std::size_t key_offset() const noexcept {
    return fields::optional + (has_checksum_word() ? 4 : 0);
  }
  std::size_t seq_offset() const noexcept { return key_offset() + (has_key() ? 4 : 0); }
  std::size_t ack_offset() const noexcept { return seq_offset() + (has_sequence() ? 4 : 0); }
  bytes b_;
  std::size_t hdr_len_;
};

/// In-place editing. Setters of optional fields require the field to be present (their bit
/// set when parsed); no setter changes the flags, so none voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes payload() const noexcept { return b_.subspan(as_view().header_length()); }

  void set_protocol_type(std::uint16_t v) noexcept { store_be16(b_, fields::protocol_type, v); }
  /// Precondition: as_view().has_checksum().
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::optional, v); }
  /// Precondition: as_view().has_key().
  void set_key(std::uint32_t v) noexcept;
  /// Precondition: as_view().has_sequence().
  void set_sequence(std::uint32_t v) noexcept;

  /// Computes and stores the checksum over the first `packet_len` bytes. Errors:
  /// malformed(layer_id::gre, 0) when the C bit is clear (there is no field);
  /// truncated(layer_id::gre, 0, packet_len, captured) when the bytes are not all present.
  [[nodiscard]] result<void> fill_checksum(std::size_t packet_len) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::gre
