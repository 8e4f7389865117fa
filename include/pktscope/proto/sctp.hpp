#pragma once
/// SCTP common header and chunk walk (RFC 9260 §3; chunk types: IANA "Chunk Types").

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace pktscope::sctp {

/// IP protocol number (IANA).
inline constexpr std::uint8_t ip_protocol = 132;

namespace fields { // RFC 9260 §3.1
inline constexpr std::size_t src_port = 0, dst_port = 2, verification_tag = 4, checksum = 8,
                             chunks = 12;
} // namespace fields
inline constexpr std::size_t header_len = 12;

namespace chunk_fields { // RFC 9260 §3.2, offsets from the chunk start
inline constexpr std::size_t type = 0, flags = 1, length = 2, value = 4;
} // namespace chunk_fields
inline constexpr std::size_t chunk_header_len = 4;

/// Chunk types (RFC 9260 §3.2 and IANA registry). Unlisted values stay valid; the two high
/// bits say what a receiver does with an unknown type (RFC 9260 §3.2).
enum class chunk_type : std::uint8_t {
  data = 0,
  init = 1,
  init_ack = 2,
  sack = 3,
  heartbeat = 4,
  heartbeat_ack = 5,
  abort = 6,
  shutdown = 7,
  shutdown_ack = 8,
  error = 9,
  cookie_echo = 10,
  cookie_ack = 11,
  ecne = 12,
  cwr = 13,
  shutdown_complete = 14,
  auth = 15,           ///< RFC 4895
  nr_sack = 16,        ///< draft-tuexen-tsvwg-sctp-multipath
  i_data = 64,         ///< RFC 8260
  asconf_ack = 128,    ///< RFC 5061
  pktdrop = 129,       ///< draft-stewart-sctp-pktdrprep
  re_config = 130,     ///< RFC 6525
  pad = 132,           ///< RFC 4820
  forward_tsn = 192,   ///< RFC 3758
  asconf = 193,        ///< RFC 5061
  i_forward_tsn = 194, ///< RFC 8260
  ietf_extension = 255,
};

/// Chunk type name as tshark prints it ("DATA", "INIT", "INIT_ACK", "SACK", "HEARTBEAT",
/// "ABORT", "SHUTDOWN", "COOKIE_ECHO", ...); "UNKNOWN" for unlisted values.
std::string_view describe(chunk_type t) noexcept;

/// One chunk as found in the packet.
struct chunk {
  chunk_type type = chunk_type::data;
  std::uint8_t flags = 0;
  /// The length field: header + value, without padding.
  std::uint16_t length = 0;
  /// Offset of the chunk from the start of the SCTP packet.
  std::size_t offset = 0;
  /// length - 4 bytes after the chunk header.
  bytes value;
};

/// The rule of the chunk walk: each step moves by the length padded to a multiple of 4 (a
/// missing pad after the last chunk is tolerated). A bad chunk fails the walk with
/// malformed(layer_id::sctp, offset + 2) when its length is < 4; truncated(layer_id::sctp,
/// offset, length, available) when it (or its header) runs past the captured bytes.
struct chunk_rule {
  using value_type = chunk;
  static constexpr std::size_t start = header_len; ///< chunks start at byte 12
  static detail::tlv_step<chunk> read(bytes packet, std::size_t pos) noexcept;
};

/// Bounded walk over the chunks after the common header, constructed from the whole SCTP
/// packet. Stops with failed() and error() set at a bad chunk (see chunk_rule).
///
///   auto cs = v.chunks();
///   for (const sctp::chunk& c : cs) { ... }
///   if (cs.failed()) { ... cs.error() ... }
using chunk_reader = detail::tlv_reader<chunk_rule>;

/// Plain value of the common header. write_to() serialises exactly the given values;
/// `checksum` is written as tshark shows it (big-endian load of the field).
struct header {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t verification_tag = 0;
  std::uint32_t checksum = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Error: truncated(layer_id::sctp, 0, 12, have) when b is shorter than the common header.
  /// Chunks are checked lazily by chunks(). `b` should end where the IP payload ends.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= 12.
  std::uint16_t src_port() const noexcept { return load_be16(b_, fields::src_port); }
  std::uint16_t dst_port() const noexcept { return load_be16(b_, fields::dst_port); }
  std::uint32_t verification_tag() const noexcept {
    return load_be32(b_, fields::verification_tag);
  }
  /// The field read big-endian, as tshark's sctp.checksum shows it. The CRC32c itself is
  /// stored least significant byte first (RFC 9260 Appendix A).
  std::uint32_t checksum() const noexcept { return load_be32(b_, fields::checksum); }

  bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// The chunk bytes (everything after the common header).
  bytes payload() const noexcept { return b_.subspan(header_len); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  chunk_reader chunks() const noexcept { return chunk_reader(b_); }

  /// Checks the CRC32c over the first `packet_len` bytes (the IP payload length);
  /// unverified when fewer were captured. No pseudo-header.
  [[nodiscard]] checksum_status verify_checksum(std::size_t packet_len) const noexcept;

  header to_header() const noexcept {
    return {src_port(), dst_port(), verification_tag(), checksum()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing. No setter voids what parse() checked.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;

  view as_view() const noexcept { return *view::parse(bytes(b_)); }
  mut_bytes payload() const noexcept { return b_.subspan(header_len); }

  void set_src_port(std::uint16_t v) noexcept { store_be16(b_, fields::src_port, v); }
  void set_dst_port(std::uint16_t v) noexcept { store_be16(b_, fields::dst_port, v); }
  void set_verification_tag(std::uint32_t v) noexcept {
    store_be32(b_, fields::verification_tag, v);
  }
  /// `v` as view::checksum() returns it.
  void set_checksum(std::uint32_t v) noexcept { store_be32(b_, fields::checksum, v); }

  /// Computes the CRC32c over the first `packet_len` bytes (with the field zeroed) and stores
  /// it. Error: truncated(layer_id::sctp, 0, packet_len, captured) when they are not all
  /// present; the field is then left unchanged.
  [[nodiscard]] result<void> fill_checksum(std::size_t packet_len) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::sctp
