#pragma once
/// IPv4 header view (RFC 791 §3.1, RFC 2474 / RFC 3168 for the DS field).

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::ipv4 {

namespace fields { // RFC 791 §3.1
inline constexpr std::size_t version_ihl = 0, tos = 1, total_length = 2, identification = 4,
                             flags_fragment = 6, ttl = 8, protocol = 9, checksum = 10, src = 12,
                             dst = 16, options = 20;
} // namespace fields

inline constexpr std::size_t min_header_len = 20;
inline constexpr std::size_t max_header_len = 60;
inline constexpr std::size_t max_options_len = max_header_len - min_header_len;
inline constexpr std::uint8_t version_number = 4;

/// Flag bits of the 3-bit flags field, as returned by view::flags() (RFC 791 §3.1; bit 0 is
/// reserved, RFC 3514 calls it the "evil bit").
inline constexpr std::uint8_t flag_reserved = 0x4, flag_df = 0x2, flag_mf = 0x1;

/// IPv4 option types (IANA "IP Option Numbers"): copied flag, class and number in one octet.
enum class option_type : std::uint8_t {
  end_of_list = 0,
  nop = 1,
  record_route = 7,
  mtu_probe = 11,
  mtu_reply = 12,
  quick_start = 25,
  timestamp = 68,
  traceroute = 82,
  security = 130,
  lsrr = 131,
  extended_security = 133,
  commercial_security = 134,
  stream_id = 136,
  ssrr = 137,
  router_alert = 148,
};

/// IANA name of an option type ("Router Alert"), or "Unknown". Static text.
[[nodiscard]] std::string_view describe(option_type t) noexcept;

/// One option as found on the wire. `raw` covers the whole option (type, length and value);
/// `value` only what follows the length octet (empty for EOL and NOP).
struct option {
  option_type type;
  bytes raw;
  bytes value;
};

/// The rule of the option walk (RFC 791 §3.1): single-octet EOL (ends the walk, not yielded)
/// and NOP, every other option type-length-value with the length counting type and length; a
/// length below 2 or running past the area is bad.
struct option_rule {
  using value_type = option;
  static constexpr std::size_t start = 0;
  static detail::tlv_step<option> read(bytes options, std::size_t pos) noexcept;
};

/// Walks an options area (see option_rule). Every step consumes at least one octet, so
/// iteration ends after at most options.size() steps. Views point into the bytes given to the
/// constructor.
class option_reader : private detail::tlv_reader<option_rule> {
public:
  explicit option_reader(bytes options) noexcept : tlv_reader(options) {}

  /// The next option, or nullopt at the end: after End of Option List, when the bytes run
  /// out, or when an option's length is below 2 or runs past the area (then malformed()).
  using tlv_reader::next;
  /// True when iteration stopped at an option whose length contradicts the area.
  [[nodiscard]] bool malformed() const noexcept { return failed(); }
  /// Offset (within the options area) of the next option to read, or of the bad one.
  using tlv_reader::offset;
};

/// Plain value for building and comparing. write_to() serialises exactly these values: IHL is
/// derived from the options (padded with zero octets, i.e. End of Option List, to a multiple
/// of 4); total length and checksum are written as given (the builder fills them).
struct header {
  std::uint8_t tos = 0; ///< DSCP (upper 6 bits) and ECN (lower 2 bits)
  std::uint16_t total_length = 0;
  std::uint16_t identification = 0;
  std::uint8_t flags = 0;            ///< flag_reserved | flag_df | flag_mf
  std::uint16_t fragment_offset = 0; ///< in 8-octet units, 13 bits
  std::uint8_t ttl = 64;
  ip_protocol protocol = ip_protocol::tcp;
  std::uint16_t checksum = 0;
  ipv4_address src{};
  ipv4_address dst{};
  std::array<std::uint8_t, max_options_len> options{}; ///< first options_len octets used
  std::uint8_t options_len = 0;                        ///< at most max_options_len

  /// Header length in octets: 20 plus the options rounded up to a multiple of 4.
  [[nodiscard]] std::size_t size() const noexcept {
    return min_header_len + ((std::size_t{options_len} + 3U) & ~std::size_t{3});
  }
  /// Precondition: out.size() >= size(), options_len <= max_options_len.
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

/// Read-only view of an IPv4 header and the datagram it heads.
///
/// Total length 0 is accepted: hosts with TCP segmentation offload hand captures their
/// not-yet-segmented datagrams with the length left 0 (Wireshark's ip.tso_support, on by
/// default, treats them the same way). Then length_from_capture() is true and the datagram is
/// taken to end where the captured bytes end.
class view {
public:
  /// Errors, offsets relative to b:
  /// - truncated(ipv4, 0, 20, size) when b is shorter than the fixed header;
  /// - malformed(ipv4, fields::version_ihl) when version != 4 or IHL < 5;
  /// - truncated(ipv4, 0, IHL*4, size) when the declared header (options) is not captured;
  /// - malformed(ipv4, fields::total_length) when 0 < total length < IHL*4.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // in bounds: parse() checked b.size() >= 20 for all fixed fields.
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_ihl) >> 4);
  }
  /// Header length in 32-bit words (5..15).
  [[nodiscard]] std::uint8_t ihl() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_ihl) & 0x0fU);
  }
  [[nodiscard]] std::size_t header_len() const noexcept { return std::size_t{ihl()} * 4; }
  [[nodiscard]] std::uint8_t tos() const noexcept { return load_u8(b_, fields::tos); }
  /// Differentiated Services codepoint (RFC 2474).
  [[nodiscard]] std::uint8_t dscp() const noexcept { return static_cast<std::uint8_t>(tos() >> 2); }
  /// ECN field (RFC 3168).
  [[nodiscard]] std::uint8_t ecn() const noexcept { return static_cast<std::uint8_t>(tos() & 3U); }
  [[nodiscard]] std::uint16_t total_length() const noexcept {
    return load_be16(b_, fields::total_length);
  }
  [[nodiscard]] std::uint16_t identification() const noexcept {
    return load_be16(b_, fields::identification);
  }
  /// The 3 flag bits (flag_reserved, flag_df, flag_mf).
  [[nodiscard]] std::uint8_t flags() const noexcept {
    return static_cast<std::uint8_t>(load_be16(b_, fields::flags_fragment) >> 13);
  }
  [[nodiscard]] bool reserved_flag() const noexcept { return (flags() & flag_reserved) != 0; }
  [[nodiscard]] bool dont_fragment() const noexcept { return (flags() & flag_df) != 0; }
  [[nodiscard]] bool more_fragments() const noexcept { return (flags() & flag_mf) != 0; }
  /// Fragment offset in 8-octet units.
  [[nodiscard]] std::uint16_t fragment_offset() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::flags_fragment) & 0x1fffU);
  }
  [[nodiscard]] std::size_t fragment_offset_bytes() const noexcept {
    return std::size_t{fragment_offset()} * 8;
  }
  /// True for any piece of a fragmented datagram (MF set or a nonzero offset).
  [[nodiscard]] bool is_fragment() const noexcept {
    return more_fragments() || fragment_offset() != 0;
  }
  [[nodiscard]] std::uint8_t ttl() const noexcept { return load_u8(b_, fields::ttl); }
  [[nodiscard]] ip_protocol protocol() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::protocol));
  }
  [[nodiscard]] std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  /// True when the header (options included) sums to the ones'-complement zero.
  [[nodiscard]] bool checksum_ok() const noexcept;
  [[nodiscard]] ipv4_address src() const noexcept {
    return ipv4_address::from_bytes(b_.subspan(fields::src, 4));
  }
  [[nodiscard]] ipv4_address dst() const noexcept {
    return ipv4_address::from_bytes(b_.subspan(fields::dst, 4));
  }
  /// The address fields as bytes (for pseudo-header sums).
  [[nodiscard]] bytes src_bytes() const noexcept { return b_.subspan(fields::src, 4); }
  [[nodiscard]] bytes dst_bytes() const noexcept { return b_.subspan(fields::dst, 4); }

  // in bounds: parse() checked b.size() >= IHL*4.
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  /// The options area (IHL*4 - 20 octets, padding included).
  [[nodiscard]] bytes options() const noexcept {
    return b_.subspan(fields::options, header_len() - min_header_len);
  }
  [[nodiscard]] option_reader option_iter() const noexcept { return option_reader(options()); }

  /// True when total length is 0 (TSO capture, see the class comment).
  [[nodiscard]] bool length_from_capture() const noexcept { return total_length() == 0; }
  /// Datagram length the header claims (total length; the captured length when it is 0).
  [[nodiscard]] std::size_t declared_len() const noexcept {
    return length_from_capture() ? b_.size() : total_length();
  }
  /// Bytes available from the start of the header.
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// Everything after the header up to the total length, clipped to the captured bytes.
  /// Bytes past the total length (link-layer padding) are not included.
  [[nodiscard]] bytes payload() const noexcept;

  [[nodiscard]] header to_header() const noexcept;

private:
  friend class mut_view;
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing of a header that passed parse(). Setters write the field only.
/// set_version_ihl() and set_total_length() can void what parse() checked (IHL within the
/// captured bytes, total length >= IHL*4); after them, parse again before reading through a
/// view. Other setters keep the view valid but leave the checksum stale until fill_checksum().
class mut_view {
public:
  /// Same checks and errors as view::parse().
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  [[nodiscard]] view as_view() const noexcept;

  void set_version_ihl(std::uint8_t version, std::uint8_t ihl) noexcept {
    store_u8(b_, fields::version_ihl,
             static_cast<std::uint8_t>((unsigned{version} << 4) | (ihl & 0x0fU)));
  }
  void set_tos(std::uint8_t v) noexcept { store_u8(b_, fields::tos, v); }
  void set_total_length(std::uint16_t v) noexcept { store_be16(b_, fields::total_length, v); }
  void set_identification(std::uint16_t v) noexcept { store_be16(b_, fields::identification, v); }
  /// Sets flags (3 bits) and fragment offset (13 bits, 8-octet units).
  void set_flags_fragment(std::uint8_t flags, std::uint16_t offset) noexcept {
    store_be16(b_, fields::flags_fragment,
               static_cast<std::uint16_t>(((flags & 7U) << 13) | (offset & 0x1fffU)));
  }
  void set_ttl(std::uint8_t v) noexcept { store_u8(b_, fields::ttl, v); }
  void set_protocol(ip_protocol p) noexcept {
    store_u8(b_, fields::protocol, static_cast<std::uint8_t>(p));
  }
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::checksum, v); }
  void set_src(const ipv4_address& a) noexcept;
  void set_dst(const ipv4_address& a) noexcept;
  /// Computes the header checksum over IHL*4 octets and stores it.
  void fill_checksum() noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::ipv4
