#pragma once
/// MAC-in-MAC encapsulations that follow an Ethernet (or VLAN) header's EtherType and carry a
/// customer frame: IEEE 802.1ah Provider Backbone Bridging (EtherType 0x88e7: I-TAG, then the
/// customer destination and source MACs and the customer's type field) and Cisco FabricPath
/// (EtherType 0x8903: a 16-bit FTag/TTL word, then the whole customer Ethernet header). Also
/// Cisco's VN-Tag (EtherType 0x8926), a 4-octet tag before the next EtherType.
/// Neither has a layer id of its own; errors name layer_id::ethernet.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::pbb {

namespace fields { // IEEE 802.1Q-2018 §9.7 (backbone service instance tag, I-TAG)
/// I-PCP (3) | I-DEI (1) | UCA (1) | Res1 (1) | Res2 (2) | I-SID (24).
inline constexpr std::size_t i_tag = 0;
inline constexpr std::size_t customer_dst = 4, customer_src = 10, type_or_length = 16;
} // namespace fields
/// I-TAG and the customer MAC addresses; the customer frame's type/length field follows.
inline constexpr std::size_t header_len = 16;

class view {
public:
  /// Errors: truncated(layer_id::ethernet, 0, 18, have) when the I-TAG, the customer
  /// addresses or the customer type/length field are not captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len + 2) {
      return truncated(layer_id::ethernet, 0, header_len + 2, b.size());
    }
    return view(b);
  }
  // in bounds: parse() checked b_.size() >= 18.
  [[nodiscard]] std::uint32_t i_sid() const noexcept {
    return load_be32(b_, fields::i_tag) & 0x00ffffffU;
  }
  [[nodiscard]] bytes customer_dst() const noexcept { return b_.subspan(fields::customer_dst, 6); }
  [[nodiscard]] bytes customer_src() const noexcept { return b_.subspan(fields::customer_src, 6); }
  /// The customer frame's EtherType (or 802.3 length).
  [[nodiscard]] std::uint16_t type_or_length() const noexcept {
    return load_be16(b_, fields::type_or_length);
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::pbb

namespace pktscope::fabricpath {

namespace fields { // Cisco FabricPath header after the outer EtherType 0x8903
/// FTag (10) | TTL (6).
inline constexpr std::size_t ftag_ttl = 0;
} // namespace fields
/// The FTag/TTL word; the customer Ethernet header (14 octets) follows it.
inline constexpr std::size_t tag_len = 2;
inline constexpr std::uint16_t ether_type = 0x8903;

class view {
public:
  /// Errors: truncated(layer_id::ethernet, 0, 16, have) when the tag and the customer
  /// Ethernet header are not both captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    constexpr std::size_t needed = tag_len + 14;
    if (b.size() < needed) {
      return truncated(layer_id::ethernet, 0, needed, b.size());
    }
    return view(b);
  }
  // in bounds: parse() checked b_.size() >= 16.
  [[nodiscard]] std::uint16_t ftag() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::ftag_ttl) >> 6);
  }
  [[nodiscard]] std::uint8_t ttl() const noexcept {
    return static_cast<std::uint8_t>(load_be16(b_, fields::ftag_ttl) & 0x3fU);
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::fabricpath

namespace pktscope::vntag {

namespace fields { // Cisco VN-Tag (IEEE 802.1Qbh draft) after the EtherType 0x8926
/// D (1) | P (1) | Dst VIF (14) | L (1) | R (1) | Ver (2) | Src VIF (12).
inline constexpr std::size_t tag = 0, type_or_length = 4;
} // namespace fields
inline constexpr std::size_t tag_len = 4;
inline constexpr std::uint16_t ether_type = 0x8926;

class view {
public:
  /// Errors: truncated(layer_id::ethernet, 0, 6, have) when the tag or the following
  /// type/length field is not captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < tag_len + 2) {
      return truncated(layer_id::ethernet, 0, tag_len + 2, b.size());
    }
    return view(b);
  }
  // in bounds: parse() checked b_.size() >= 6.
  [[nodiscard]] std::uint16_t dst_vif() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::tag) & 0x3fffU);
  }
  [[nodiscard]] std::uint16_t src_vif() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::tag + 2) & 0x0fffU);
  }
  [[nodiscard]] std::uint16_t type_or_length() const noexcept {
    return load_be16(b_, fields::type_or_length);
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::vntag
