#pragma once
/// MACsec SecTAG (IEEE 802.1AE-2018 §9.3; EtherType 0x88e5), and where the Secure Data and
/// the ICV of the frame lie. Frames with confidentiality off (E and C clear) carry the user's
/// EtherType and data in clear text; the ICV ends the frame.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::macsec {

inline constexpr std::uint16_t ether_type = 0x88e5;

namespace fields { // IEEE 802.1AE-2018 §9.3, offsets after the MACsec EtherType
/// V (must be 0) | ES | SC | SCB | E | C | AN (2).
inline constexpr std::size_t tci_an = 0;
/// 2 reserved bits | SL (6): Secure Data length when below 48, else 0 (§9.7).
inline constexpr std::size_t short_length = 1;
inline constexpr std::size_t packet_number = 2;
inline constexpr std::size_t sci = 6; ///< present when SC is set
} // namespace fields
inline constexpr std::size_t sectag_len = 6; ///< without the SCI
inline constexpr std::size_t sci_len = 8;
/// ICV of the default cipher suites (GCM-AES-128/256, §14): 16 octets.
inline constexpr std::size_t default_icv_len = 16;

namespace bits {
inline constexpr std::uint8_t version = 0x80;
inline constexpr std::uint8_t end_station = 0x40;
inline constexpr std::uint8_t sc = 0x20;
inline constexpr std::uint8_t scb = 0x10;
inline constexpr std::uint8_t encrypted = 0x08; ///< E
inline constexpr std::uint8_t changed = 0x04;   ///< C: the text differs from the user data
inline constexpr std::uint8_t association = 0x03;
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::macsec, 0, needed, have) when the SecTAG (with its SCI) is not
  /// captured; malformed(layer_id::macsec, 0) when V is set (§9.5: version 0 only).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length().
  std::uint8_t tci() const noexcept { return load_u8(b_, fields::tci_an) & 0xfcU; }
  std::uint8_t association_number() const noexcept {
    return load_u8(b_, fields::tci_an) & bits::association;
  }
  std::uint8_t short_length() const noexcept { return load_u8(b_, fields::short_length) & 0x3fU; }
  std::uint32_t packet_number() const noexcept { return load_be32(b_, fields::packet_number); }
  bool has_sci() const noexcept { return (tci() & bits::sc) != 0; }
  std::optional<std::uint64_t> sci() const noexcept;
  /// E and C clear: the Secure Data is the user's EtherType and data in clear text.
  bool is_clear_text() const noexcept { return (tci() & (bits::encrypted | bits::changed)) == 0; }
  /// The SecTAG after the EtherType: 6 octets, 14 with the SCI.
  std::size_t header_length() const noexcept { return sectag_len + (has_sci() ? sci_len : 0); }
  /// The Secure Data: SL octets when SL is set (clipped to the capture), else everything before
  /// the default-length ICV at the end of the captured frame.
  bytes secure_data() const noexcept;

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::macsec
