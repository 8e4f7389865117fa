#pragma once
/// VXLAN header view (RFC 7348 §5), with the Group Policy extension's fields
/// (draft-smith-vxlan-group-policy) that tshark also decodes. The payload is an Ethernet frame.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::vxlan {

/// IANA UDP port.
inline constexpr std::uint16_t udp_port = 4789;
/// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe-12 §3.2, IANA UDP port 4790): the same 8 octets, with
/// flag P announcing a Next Protocol in byte 3 instead of an Ethernet payload.
inline constexpr std::uint16_t gpe_udp_port = 4790;
inline constexpr std::size_t gpe_next_protocol = 3;

/// VXLAN-GPE Next Protocol values (draft-ietf-nvo3-vxlan-gpe-12 §3.2, §11.2).
enum class gpe_protocol : std::uint8_t { ipv4 = 1, ipv6 = 2, ethernet = 3, nsh = 4, mpls = 5 };

namespace fields { // RFC 7348 §5
/// Byte 0: R R R R I R R R (GBP: G R R R I R R R). tshark's vxlan.flags is bytes 0..1.
inline constexpr std::size_t flags = 0;
/// Bytes 2..3: reserved (GBP: Group Policy ID).
inline constexpr std::size_t group_policy_id = 2;
/// Bytes 4..6: VNI; byte 7 reserved.
inline constexpr std::size_t vni = 4, reserved = 7;
} // namespace fields
inline constexpr std::size_t header_len = 8;

namespace bits {
inline constexpr std::uint8_t i_flag = 0x08; ///< VNI valid (RFC 7348: must be 1)
inline constexpr std::uint8_t g_flag = 0x80; ///< Group Policy ID present (GBP)
inline constexpr std::uint8_t p_flag = 0x04; ///< VXLAN-GPE: Next Protocol present
} // namespace bits

/// Plain value for building and comparing. `flags` is the 16-bit word of bytes 0..1 (as
/// tshark's vxlan.flags); write_to() writes every field as given.
struct header {
  std::uint16_t flags = 0x0800; ///< I set
  std::uint16_t group_policy_id = 0;
  std::uint32_t vni = 0; ///< 24 bits
  std::uint8_t reserved = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size(), vni < 2^24.
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Error: truncated(layer_id::vxlan, 0, 8, have). A clear I flag is not an error (RFC 7348
  /// tells receivers to ignore the reserved bits; the decoder may flag it): see i_flag().
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= 8.
  /// Bytes 0..1 big-endian (tshark's vxlan.flags).
  std::uint16_t flags() const noexcept { return load_be16(b_, fields::flags); }
  bool i_flag() const noexcept { return (load_u8(b_, fields::flags) & bits::i_flag) != 0; }
  bool g_flag() const noexcept { return (load_u8(b_, fields::flags) & bits::g_flag) != 0; }
  /// Bytes 2..3 (tshark's vxlan.gbp), meaningful when g_flag().
  std::uint16_t group_policy_id() const noexcept { return load_be16(b_, fields::group_policy_id); }
  /// 24-bit VXLAN Network Identifier (tshark's vxlan.vni).
  std::uint32_t vni() const noexcept { return load_be32(b_, fields::vni) >> 8; }
  std::uint8_t reserved() const noexcept { return load_u8(b_, fields::reserved); }
  /// VXLAN-GPE only: flag P and the protocol it announces in byte 3.
  bool p_flag() const noexcept { return (load_u8(b_, fields::flags) & bits::p_flag) != 0; }
  vxlan::gpe_protocol next_protocol() const noexcept {
    return static_cast<vxlan::gpe_protocol>(load_u8(b_, gpe_next_protocol));
  }

  bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// The inner Ethernet frame.
  bytes payload() const noexcept { return b_.subspan(header_len); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  header to_header() const noexcept { return {flags(), group_policy_id(), vni(), reserved()}; }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing; no setter voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes payload() const noexcept { return b_.subspan(header_len); }

  void set_flags(std::uint16_t v) noexcept { store_be16(b_, fields::flags, v); }
  void set_group_policy_id(std::uint16_t v) noexcept { store_be16(b_, fields::group_policy_id, v); }
  /// Precondition: v < 2^24. Keeps the reserved byte.
  void set_vni(std::uint32_t v) noexcept {
    store_be32(b_, fields::vni, (v << 8) | load_u8(b_, fields::reserved));
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

inline void header::write_to(mut_bytes out) const noexcept {
  store_be16(out, fields::flags, flags);
  store_be16(out, fields::group_policy_id, group_policy_id);
  store_be32(out, fields::vni, (vni << 8) | reserved);
}

inline result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::vxlan, 0, header_len, b.size());
  }
  return view(b);
}

inline result<mut_view> mut_view::parse(mut_bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::vxlan, 0, header_len, b.size());
  }
  return mut_view(b);
}

} // namespace pktscope::vxlan
