#pragma once
/// IEEE 802.1Q VLAN tag (C-tag, TPID 0x8100) and IEEE 802.1ad service tag (S-tag, TPID 0x88A8,
/// or the pre-standard 0x9100). The TPID is the previous layer's EtherType; this layer is the
/// 4 octets after it: the tag control information and the next type/length field. Tags stack
/// to any depth (Q-in-Q); the decoder loops while is_tag_protocol() holds.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ethernet.hpp>

#include <algorithm>
#include <cstdint>

namespace pktscope::vlan {

namespace fields { // IEEE 802.1Q §9.6 (VLAN tag format)
inline constexpr std::size_t tci = 0, type_or_length = 2;
}
inline constexpr std::size_t header_len = 4;
inline constexpr std::uint16_t max_vid = 0x0fff; ///< 0xFFF is reserved, 0 means "priority tag"
inline constexpr std::uint8_t max_pcp = 7;

/// True for the EtherTypes that announce a VLAN tag: 802.1Q, 802.1ad and the old 0x9100.
constexpr bool is_tag_protocol(ether_type t) noexcept {
  return t == ether_type::vlan || t == ether_type::qinq || t == ether_type::qinq_old;
}

/// Plain value for building and comparing. Preconditions of write_to(): pcp <= 7,
/// vid <= 0xFFF (higher bits are masked off).
struct header {
  std::uint8_t pcp = 0;  ///< priority code point
  bool dei = false;      ///< drop eligible indicator (the CFI bit of older 802.1Q)
  std::uint16_t vid = 0; ///< VLAN identifier
  std::uint16_t type_or_length = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  [[nodiscard]] std::uint16_t tci() const noexcept {
    return static_cast<std::uint16_t>((pcp & 0x7U) << 13 | (dei ? 0x1000U : 0U) | (vid & max_vid));
  }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::tci, tci());
    store_be16(out, fields::type_or_length, type_or_length);
  }
  friend bool operator==(const header&, const header&) = default;
};

/// Type/length field accessors (the inner EtherType, or an 802.3 length with LLC following),
/// header_bytes(), payload(), trailer(), declared_len() and captured_len() come from
/// detail::type_or_length_view.
class view : public detail::type_or_length_view<header_len, fields::type_or_length> {
public:
  /// Only way to make a view from untrusted bytes (the bytes after the TPID). Errors:
  /// truncated(layer_id::vlan, 0, 4, have) when fewer than 4 octets remain. Every TCI value
  /// is valid (VID 0xFFF is reserved but not contradictory).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::vlan, 0, header_len, b.size());
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 4.
  [[nodiscard]] std::uint16_t tci() const noexcept { return load_be16(b_, fields::tci); }
  [[nodiscard]] std::uint8_t pcp() const noexcept { return static_cast<std::uint8_t>(tci() >> 13); }
  [[nodiscard]] bool dei() const noexcept { return (tci() & 0x1000U) != 0; }
  [[nodiscard]] std::uint16_t vid() const noexcept {
    return static_cast<std::uint16_t>(tci() & max_vid);
  }
  [[nodiscard]] header to_header() const noexcept {
    return {pcp(), dei(), vid(), type_or_length()};
  }

private:
  explicit view(bytes b) noexcept : type_or_length_view(b) {}
};

/// In-place editing. No setter voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::vlan, 0, header_len, b.size());
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }

  /// Precondition: pcp <= 7.
  void set_pcp(std::uint8_t pcp) noexcept {
    set_tci(static_cast<std::uint16_t>((tci() & 0x1fffU) | (pcp & 0x7U) << 13));
  }
  void set_dei(bool dei) noexcept {
    set_tci(static_cast<std::uint16_t>(dei ? (tci() | 0x1000U) : (tci() & ~0x1000U)));
  }
  /// Precondition: vid <= 0xFFF.
  void set_vid(std::uint16_t vid) noexcept {
    set_tci(static_cast<std::uint16_t>((tci() & 0xf000U) | (vid & max_vid)));
  }
  void set_type_or_length(std::uint16_t v) noexcept { store_be16(b_, fields::type_or_length, v); }
  void set_ether_type(pktscope::ether_type t) noexcept {
    set_type_or_length(static_cast<std::uint16_t>(t));
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  [[nodiscard]] std::uint16_t tci() const noexcept { return load_be16(b_, fields::tci); }
  void set_tci(std::uint16_t v) noexcept { store_be16(b_, fields::tci, v); }
  mut_bytes b_;
};

} // namespace pktscope::vlan
