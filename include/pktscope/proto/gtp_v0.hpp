#pragma once
/// GTPv0 header view (3GPP TS 09.60 §6, GPRS release 97/98): a fixed 20-octet header of flags,
/// message type, length, sequence number, flow label, SNDCP N-PDU LLC number and the tunnel
/// identifier (TID: the IMSI and an NSAPI). A T-PDU (message type 255) carries a user packet
/// after it. GTP has no layer id of its own: errors name layer_id::udp.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pktscope::gtp_v0 {

/// The port TS 09.60 gave GTPv0 signalling and T-PDUs; GTP' took it over (TS 32.295 §5.1.3).
inline constexpr std::uint16_t udp_port = 3386;
inline constexpr std::uint8_t message_t_pdu = 0xff;
inline constexpr std::size_t header_len = 20;

namespace fields { // TS 09.60 §6, Figure 2
inline constexpr std::size_t flags = 0, message_type = 1, length = 2, sequence = 4, flow_label = 6,
                             sndcp_npdu = 8, spare = 9, tid = 12;
/// The last TID octet: the NSAPI in its high nibble, the last IMSI digit in its low one.
inline constexpr std::size_t tid_nsapi = 19;
} // namespace fields

namespace bits {
inline constexpr std::uint8_t version_shift = 5;    ///< Version in bits 8-6: 0 for GTPv0
inline constexpr std::uint8_t protocol_type = 0x10; ///< PT: 1 = GTP, 0 = GTP'
inline constexpr std::uint8_t snn = 0x01;           ///< SNDCP N-PDU number included
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::udp, 0, 20, have) when the header is not captured;
  /// malformed(layer_id::udp, 0) when the version is not 0 or PT is 0 (GTP', whose header
  /// differs after the sequence number).
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::udp, 0, header_len, b.size());
    }
    const std::uint8_t f = load_u8(b, fields::flags);
    if ((f >> bits::version_shift) != 0 || (f & bits::protocol_type) == 0) {
      return malformed(layer_id::udp, fields::flags);
    }
    return view(b);
  }

  // In bounds: parse() checked b.size() >= header_len.
  [[nodiscard]] std::uint8_t flags() const noexcept { return load_u8(b_, fields::flags); }
  [[nodiscard]] bool snn() const noexcept { return (flags() & bits::snn) != 0; }
  [[nodiscard]] std::uint8_t message_type() const noexcept {
    return load_u8(b_, fields::message_type);
  }
  /// Octets after the 20-octet header.
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  [[nodiscard]] std::uint16_t sequence() const noexcept { return load_be16(b_, fields::sequence); }
  [[nodiscard]] std::uint16_t flow_label() const noexcept {
    return load_be16(b_, fields::flow_label);
  }
  /// SNDCP N-PDU LLC number; meaningful when snn() (0xff otherwise, TS 09.60 §6).
  [[nodiscard]] std::uint8_t sndcp_npdu() const noexcept { return load_u8(b_, fields::sndcp_npdu); }
  /// The TID's 8 octets as one number: IMSI digits in swapped-nibble BCD, then the NSAPI.
  [[nodiscard]] std::uint64_t tid() const noexcept { return load_be64(b_, fields::tid); }
  [[nodiscard]] std::uint8_t nsapi() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::tid_nsapi) >> 4);
  }

  /// Header plus the length field's octets, as the message declares itself.
  [[nodiscard]] std::size_t declared_len() const noexcept { return header_len + length(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// [20, 20 + length), clipped to the captured bytes.
  [[nodiscard]] bytes payload() const noexcept {
    return b_.subspan(header_len, std::min<std::size_t>(length(), b_.size() - header_len));
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::gtp_v0
