#pragma once
/// Linux "cooked" capture header v2 (LINKTYPE_LINUX_SLL2 276; tcpdump.org/linktypes/
/// LINKTYPE_LINUX_SLL2.html): 20 octets, adding the interface index to v1 and reordering the
/// fields so the protocol type comes first. Packet types, ARPHRD_ types and the meaning of the
/// protocol field are shared with v1 (linux_sll.hpp).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/linux_sll.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

namespace pktscope::linux_sll2 {

using linux_sll::arphrd;
using linux_sll::payload_kind;

namespace fields { // LINKTYPE_LINUX_SLL2: multi-octet fields big-endian
inline constexpr std::size_t protocol = 0, reserved = 2, interface_index = 4, arphrd_type = 8,
                             packet_type = 10, address_length = 11, address = 12;
}
inline constexpr std::size_t header_len = 20;
inline constexpr std::size_t address_field_len = 8;

/// Plain value for building and comparing; reserved (MBZ) and the whole 8-octet address field
/// are kept so bytes round-trip.
struct header {
  std::uint16_t protocol = 0;
  std::uint16_t reserved = 0;
  std::int32_t interface_index = 0;
  linux_sll::arphrd arphrd_type = linux_sll::arphrd::ether;
  std::uint8_t packet_type = 0; ///< linux_sll::packet_type values
  std::uint8_t address_length = 0;
  std::array<std::uint8_t, address_field_len> address{};

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::protocol, protocol);
    store_be16(out, fields::reserved, reserved);
    store_be32(out, fields::interface_index, static_cast<std::uint32_t>(interface_index));
    store_be16(out, fields::arphrd_type, static_cast<std::uint16_t>(arphrd_type));
    store_u8(out, fields::packet_type, packet_type);
    store_u8(out, fields::address_length, address_length);
    std::copy(address.begin(), address.end(), out.begin() + fields::address);
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::linux_sll2, 0,
  /// 20, have) when b is shorter than the header. A nonzero reserved field is not an error
  /// (MBZ, reported by reserved()).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::linux_sll2, 0, header_len, b.size());
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 20.
  [[nodiscard]] std::uint16_t protocol() const noexcept { return load_be16(b_, fields::protocol); }
  [[nodiscard]] pktscope::ether_type ether_type() const noexcept {
    return static_cast<pktscope::ether_type>(protocol());
  }
  [[nodiscard]] std::uint16_t reserved() const noexcept { return load_be16(b_, fields::reserved); }
  /// 1-based index of the capturing interface (a signed 32-bit field).
  [[nodiscard]] std::int32_t interface_index() const noexcept {
    return static_cast<std::int32_t>(load_be32(b_, fields::interface_index));
  }
  [[nodiscard]] arphrd arphrd_type() const noexcept {
    return static_cast<arphrd>(load_be16(b_, fields::arphrd_type));
  }
  [[nodiscard]] linux_sll::packet_type packet_type() const noexcept {
    return static_cast<linux_sll::packet_type>(load_u8(b_, fields::packet_type));
  }
  [[nodiscard]] std::uint8_t address_length() const noexcept {
    return load_u8(b_, fields::address_length);
  }
  /// The meaningful address octets: min(address_length, 8).
  [[nodiscard]] bytes address() const noexcept {
    return b_.subspan(fields::address, std::min<std::size_t>(address_length(), address_field_len));
  }
  [[nodiscard]] bytes address_field() const noexcept {
    return b_.subspan(fields::address, address_field_len);
  }
  [[nodiscard]] payload_kind kind() const noexcept {
    return linux_sll::classify(arphrd_type(), protocol());
  }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    header h{protocol(),
             reserved(),
             interface_index(),
             arphrd_type(),
             load_u8(b_, fields::packet_type),
             address_length(),
             {}};
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
      return truncated(layer_id::linux_sll2, 0, header_len, b.size());
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }
  void set_protocol(std::uint16_t p) noexcept { store_be16(b_, fields::protocol, p); }
  void set_interface_index(std::int32_t i) noexcept {
    store_be32(b_, fields::interface_index, static_cast<std::uint32_t>(i));
  }
  void set_arphrd_type(arphrd t) noexcept {
    store_be16(b_, fields::arphrd_type, static_cast<std::uint16_t>(t));
  }
  void set_packet_type(linux_sll::packet_type t) noexcept {
    store_u8(b_, fields::packet_type, static_cast<std::uint8_t>(t));
  }
  /// Sets the address length and the field (cut to 8 octets, zero-padded). Precondition:
  /// a.size() <= 255.
  void set_address(bytes a) noexcept {
    store_u8(b_, fields::address_length, static_cast<std::uint8_t>(a.size()));
    const std::size_t n = std::min(a.size(), address_field_len);
    std::fill_n(b_.begin() + fields::address, address_field_len, std::uint8_t{0});
    std::copy_n(a.begin(), n, b_.begin() + fields::address);
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::linux_sll2
