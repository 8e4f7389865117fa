#pragma once
/// OpenFlow 1.3 (wire version 0x04; OpenFlow Switch Specification 1.3.x, Appendix A) over
/// TCP: the 8-octet message header, and the two messages that carry an Ethernet frame, Packet-In
/// (switch to controller, §A.4.1) and Packet-Out (controller to switch, §A.3.7).

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::openflow {

/// The version octet of OpenFlow 1.3 messages (§A.1: OFP_VERSION).
inline constexpr std::uint8_t version_1_3 = 0x04;

namespace fields { // §A.1 struct ofp_header
inline constexpr std::size_t version = 0, type = 1, length = 2, xid = 4;
} // namespace fields
inline constexpr std::size_t header_len = 8;

/// §A.1 enum ofp_type: the messages the decoder reads further; other values stay valid.
enum class message_type : std::uint8_t { packet_in = 10, packet_out = 13 };

/// Plain value for building and comparing the message header.
struct header {
  std::uint8_t version = version_1_3;
  std::uint8_t type = 0;
  std::uint16_t length = header_len; ///< of the whole message, this header included
  std::uint32_t xid = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept {
    out[fields::version] = version;
    out[fields::type] = type;
    store_be16(out, fields::length, length);
    store_be32(out, fields::xid, xid);
  }
  friend bool operator==(const header&, const header&) = default;
};

/// One whole message: its header and body, bounded by the header's length.
class view {
public:
  /// Only way to make a view from untrusted bytes (a TCP payload from a message's first
  /// octet). Errors: truncated(layer_id::openflow, 0, 8, have) for a cut header;
  /// malformed(layer_id::openflow, fields::length) for a length below 8;
  /// truncated(layer_id::openflow, 0, length, have) when the message continues past `b` (in
  /// a later segment, or cut by the capture). Bytes after the message (the next message in
  /// the same segment) are not part of the view. Any version is accepted: see version().
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= length() >= 8.
  [[nodiscard]] std::uint8_t version() const noexcept { return load_u8(b_, fields::version); }
  [[nodiscard]] message_type type() const noexcept {
    return static_cast<message_type>(load_u8(b_, fields::type));
  }
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  [[nodiscard]] std::uint32_t xid() const noexcept { return load_be32(b_, fields::xid); }
  /// The whole message, header included (length() octets).
  [[nodiscard]] bytes message() const noexcept { return b_; }
  [[nodiscard]] header to_header() const noexcept {
    return {version(), load_u8(b_, fields::type), length(), xid()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

namespace packet_in_fields { // §A.4.1 struct ofp_packet_in, after the header
inline constexpr std::size_t buffer_id = 8, total_len = 12, reason = 14, table_id = 15, cookie = 16;
/// §A.2.3.1 struct ofp_match: type (2), length (2, without the padding), OXM fields, then
/// zeros up to a multiple of 8 octets.
inline constexpr std::size_t match = 24, match_type = 24, match_length = 26;
} // namespace packet_in_fields
/// The octets of struct ofp_match without OXM fields (type and length).
inline constexpr std::size_t match_header_len = 4;
/// Two octets of padding between the match and the frame (§A.4.1).
inline constexpr std::size_t packet_in_pad_len = 2;

/// A Packet-In message: the frame (or its first octets: see total_len()) the switch hands to
/// the controller.
class packet_in_view {
public:
  /// Reads `m` as a Packet-In. Errors: malformed(layer_id::openflow, offset) when the fixed
  /// fields and the match header do not fit in the message (offset 8), the match's length is
  /// below 4 octets or its padded length and the 2 pad octets run past the message (offset
  /// packet_in_fields::match_length).
  [[nodiscard]] static result<packet_in_view> parse(const view& m) noexcept;

  // In bounds: parse() checked the message holds the fixed fields and the padded match.
  [[nodiscard]] std::uint32_t buffer_id() const noexcept {
    return load_be32(b_, packet_in_fields::buffer_id);
  }
  /// Length of the frame the switch received; data() may hold fewer octets (the switch's
  /// miss_send_len or the action's max_len cut it).
  [[nodiscard]] std::uint16_t total_len() const noexcept {
    return load_be16(b_, packet_in_fields::total_len);
  }
  [[nodiscard]] std::uint8_t reason() const noexcept {
    return load_u8(b_, packet_in_fields::reason);
  }
  [[nodiscard]] std::uint8_t table_id() const noexcept {
    return load_u8(b_, packet_in_fields::table_id);
  }
  [[nodiscard]] std::uint64_t cookie() const noexcept {
    return load_be64(b_, packet_in_fields::cookie);
  }
  [[nodiscard]] std::uint16_t match_length() const noexcept {
    return load_be16(b_, packet_in_fields::match_length);
  }
  /// Offset of the frame in the message: after the match padded to 8 octets and 2 pad octets.
  [[nodiscard]] std::size_t data_offset() const noexcept {
    return packet_in_fields::match + padded_match_length(match_length()) + packet_in_pad_len;
  }
  /// The Ethernet frame, up to the message's end.
  [[nodiscard]] bytes data() const noexcept { return b_.subspan(data_offset()); }

  /// §A.2.3.1: the match is padded with zeros to a multiple of 8 octets.
  [[nodiscard]] static constexpr std::size_t padded_match_length(std::size_t len) noexcept {
    return (len + 7) / 8 * 8;
  }

private:
  explicit packet_in_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

namespace packet_out_fields { // §A.3.7 struct ofp_packet_out, after the header
inline constexpr std::size_t buffer_id = 8, in_port = 12, actions_len = 16, pad = 18, actions = 24;
} // namespace packet_out_fields

/// A Packet-Out message: actions, then the frame the controller has the switch send (empty
/// when buffer_id names a frame buffered in the switch).
class packet_out_view {
public:
  /// Reads `m` as a Packet-Out. Errors: malformed(layer_id::openflow, 8) when the fixed fields
  /// do not fit in the message; malformed(layer_id::openflow, packet_out_fields::actions_len)
  /// when the actions run past its end.
  [[nodiscard]] static result<packet_out_view> parse(const view& m) noexcept;

  // In bounds: parse() checked the message holds the fixed fields and the actions.
  [[nodiscard]] std::uint32_t buffer_id() const noexcept {
    return load_be32(b_, packet_out_fields::buffer_id);
  }
  [[nodiscard]] std::uint32_t in_port() const noexcept {
    return load_be32(b_, packet_out_fields::in_port);
  }
  [[nodiscard]] std::uint16_t actions_len() const noexcept {
    return load_be16(b_, packet_out_fields::actions_len);
  }
  [[nodiscard]] bytes actions() const noexcept {
    return b_.subspan(packet_out_fields::actions, actions_len());
  }
  [[nodiscard]] std::size_t data_offset() const noexcept {
    return packet_out_fields::actions + actions_len();
  }
  /// The Ethernet frame after the actions, up to the message's end.
  [[nodiscard]] bytes data() const noexcept { return b_.subspan(data_offset()); }

private:
  explicit packet_out_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::openflow
