#pragma once
/// UDP header view (RFC 768; over IPv6: RFC 8200 §8.1).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pktscope::udp {

/// IP protocol number (IANA) used in the pseudo-header.
inline constexpr std::uint8_t ip_protocol = 17;

namespace fields { // RFC 768
inline constexpr std::size_t src_port = 0, dst_port = 2, length = 4, checksum = 6;
} // namespace fields
inline constexpr std::size_t header_len = 8;

/// Plain value for building and comparing. write_to() serialises exactly the given values
/// (length and checksum as given; the builder fills them).
struct header {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint16_t length = 0;
  std::uint16_t checksum = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(layer_id::udp, 0, 8, have) when b is shorter than the header;
  /// malformed(layer_id::udp, fields::length) when the length field is < 8 (this includes
  /// 0, which RFC 2675 jumbograms use; they are not supported).
  /// A length larger than the captured bytes is not an error (snaplen): payload() is clipped.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= 8.
  std::uint16_t src_port() const noexcept { return load_be16(b_, fields::src_port); }
  std::uint16_t dst_port() const noexcept { return load_be16(b_, fields::dst_port); }
  std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  /// Over IPv4 a zero checksum means "not computed" (RFC 768); over IPv6 it is invalid.
  bool has_checksum() const noexcept { return checksum() != 0; }

  bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Bytes 8 .. min(length, captured): Ethernet padding after the datagram is excluded.
  bytes payload() const noexcept {
    return b_.subspan(header_len, std::min<std::size_t>(length(), b_.size()) - header_len);
  }
  /// What the length field claims (header + payload).
  std::size_t declared_len() const noexcept { return length(); }
  /// Bytes given to parse(); may exceed declared_len() (link-layer padding) or fall short of
  /// it (snaplen).
  std::size_t captured_len() const noexcept { return b_.size(); }
  /// True when the whole datagram the length field declares was captured.
  bool complete() const noexcept { return declared_len() <= captured_len(); }

  /// Checks the checksum. `pseudo` is the pseudo-header sum (pktscope/proto/pseudo_header.hpp)
  /// built with protocol 17 and upper-layer length length(). Returns absent for a zero
  /// checksum (meaningful for IPv4 only: over IPv6 the caller should treat it as bad),
  /// unverified when the datagram is not complete().
  [[nodiscard]] checksum_status verify_checksum(internet_checksum pseudo) const noexcept;

  header to_header() const noexcept { return {src_port(), dst_port(), length(), checksum()}; }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing of a parsed datagram. set_length() voids what parse() checked about the
/// length field (payload() of a view made before it is stale); the other setters do not.
class mut_view {
public:
  /// Same checks and errors as view::parse().
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes payload() const noexcept {
    return b_.subspan(header_len,
                      std::min<std::size_t>(load_be16(b_, fields::length), b_.size()) - header_len);
  }

  void set_src_port(std::uint16_t v) noexcept { store_be16(b_, fields::src_port, v); }
  void set_dst_port(std::uint16_t v) noexcept { store_be16(b_, fields::dst_port, v); }
  /// Voids parse()'s length check: keep v >= 8.
  void set_length(std::uint16_t v) noexcept { store_be16(b_, fields::length, v); }
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::checksum, v); }

  /// Computes and stores the checksum over the pseudo-header sum `pseudo` (protocol 17,
  /// length = the length field), the header and the payload. A computed 0 is sent as 0xffff
  /// (RFC 768). Error: truncated(layer_id::udp, 0, length, captured) when the datagram is not
  /// all present; the field is left unchanged.
  [[nodiscard]] result<void> fill_checksum(internet_checksum pseudo) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::udp
