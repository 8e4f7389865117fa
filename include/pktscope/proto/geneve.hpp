#pragma once
/// Geneve header view (RFC 8926 §3.4) and option walk (§3.5).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>

namespace pktscope::geneve {

/// IANA UDP port.
inline constexpr std::uint16_t udp_port = 6081;

namespace fields { // RFC 8926 §3.4
/// Byte 0: Ver (2 bits) | Opt Len (6 bits, in 4-byte words).
inline constexpr std::size_t version_opt_len = 0;
/// Byte 1: O | C | Rsvd (6).
inline constexpr std::size_t flags = 1;
inline constexpr std::size_t protocol_type = 2;
/// Bytes 4..6: VNI; byte 7 reserved.
inline constexpr std::size_t vni = 4, reserved = 7;
inline constexpr std::size_t options = 8;
} // namespace fields
inline constexpr std::size_t header_len = 8;
inline constexpr std::size_t max_options_len = 63 * 4;

namespace bits {
inline constexpr std::uint8_t oam = 0x80;      ///< O: control packet
inline constexpr std::uint8_t critical = 0x40; ///< C: critical options present
inline constexpr std::uint8_t option_type_critical = 0x80;
} // namespace bits

namespace option_fields { // RFC 8926 §3.5, offsets from the option start
inline constexpr std::size_t option_class = 0, type = 2, length = 3, data = 4;
} // namespace option_fields
inline constexpr std::size_t option_header_len = 4;

struct option {
  std::uint16_t option_class = 0;
  std::uint8_t type = 0; ///< high bit: critical
  /// The three R bits (top of the length byte).
  std::uint8_t reserved = 0;
  /// Offset of the option from the start of the Geneve header.
  std::size_t offset = 0;
  /// Length field * 4 bytes.
  bytes data;
  [[nodiscard]] bool critical() const noexcept { return (type & bits::option_type_critical) != 0; }
};

/// The rule of the option walk: 4-byte option header, then Length * 4 bytes of data. An option
/// whose header or data runs past the area is bad: malformed(layer_id::geneve, its offset).
struct option_rule {
  using value_type = option;
  static constexpr std::size_t start = header_len; ///< options follow the fixed header
  static detail::tlv_step<option> read(bytes header, std::size_t pos) noexcept;
};

/// Bounded walk over the options area (Opt Len * 4 bytes), constructed from the Geneve header
/// including its options (header_length() bytes). An option whose header or data runs past the
/// area stops the walk with failed(); error() is malformed(layer_id::geneve, offset of that
/// option).
using option_reader = detail::tlv_reader<option_rule>;

/// Plain value for building and comparing; write_to() writes every field as given and
/// opt_len * 4 bytes of `options`.
struct header {
  std::uint8_t version = 0; ///< 2 bits
  std::uint8_t opt_len = 0; ///< 6 bits, in 4-byte words
  std::uint8_t flags = 0;   ///< O, C and the 6 reserved bits
  std::uint16_t protocol_type = 0x6558;
  std::uint32_t vni = 0; ///< 24 bits
  std::uint8_t reserved = 0;
  std::array<std::uint8_t, max_options_len> options{};

  [[nodiscard]] std::size_t options_len() const noexcept { return std::size_t{opt_len} * 4U; }
  [[nodiscard]] std::size_t size() const noexcept { return header_len + options_len(); }
  /// Precondition: out.size() >= size(), version < 4, opt_len < 64, vni < 2^24.
  void write_to(mut_bytes out) const noexcept;
  /// Compares options_len() bytes of options only.
  friend bool operator==(const header& a, const header& b) noexcept;
};

class view {
public:
  /// Errors: truncated(layer_id::geneve, 0, 8, have) for a short fixed header;
  /// malformed(layer_id::geneve, fields::version_opt_len) when the version is not 0 (RFC
  /// 8926 §3.4: unknown versions are dropped); truncated(layer_id::geneve, 0, 8 + opt_len*4,
  /// have) when the options are not all captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= 8 + opt_len * 4.
  std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_opt_len) >> 6);
  }
  /// In 4-byte words.
  std::uint8_t opt_len() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_opt_len) & 0x3f);
  }
  std::uint8_t flags() const noexcept { return load_u8(b_, fields::flags); }
  bool oam() const noexcept { return (flags() & bits::oam) != 0; }
  bool critical() const noexcept { return (flags() & bits::critical) != 0; }
  /// EtherType of the payload (0x6558: Ethernet).
  std::uint16_t protocol_type() const noexcept { return load_be16(b_, fields::protocol_type); }
  std::uint32_t vni() const noexcept { return load_be32(b_, fields::vni) >> 8; }
  std::uint8_t reserved() const noexcept { return load_u8(b_, fields::reserved); }

  std::size_t header_length() const noexcept { return header_len + std::size_t{opt_len()} * 4U; }
  bytes header_bytes() const noexcept { return b_.first(header_length()); }
  bytes options_bytes() const noexcept {
    return b_.subspan(header_len, header_length() - header_len);
  }
  option_reader options() const noexcept { return option_reader(header_bytes()); }
  bytes payload() const noexcept { return b_.subspan(header_length()); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  header to_header() const noexcept;

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing; no setter voids what parse() checked (opt_len is not settable).
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes payload() const noexcept { return b_.subspan(as_view().header_length()); }

  void set_flags(std::uint8_t v) noexcept { store_u8(b_, fields::flags, v); }
  void set_protocol_type(std::uint16_t v) noexcept { store_be16(b_, fields::protocol_type, v); }
  /// Precondition: v < 2^24. Keeps the reserved byte.
  void set_vni(std::uint32_t v) noexcept {
    store_be32(b_, fields::vni, (v << 8) | load_u8(b_, fields::reserved));
  }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::geneve
