#pragma once
/// IEEE 802.11 MAC header of data frames (IEEE 802.11-2020 §9.3.2.1), as far as needed to find
/// the LLC header of an unprotected data frame: frame control, addresses, sequence control,
/// the fourth address of a frame between distribution systems, QoS control and HT control.
/// Carried by Aruba's GRE encapsulation (protocol type 0x8200) without FCS. No layer id of its
/// own; errors name layer_id::gre.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::ieee80211 {

namespace fields { // IEEE 802.11-2020 §9.2.4, §9.3.2.1
inline constexpr std::size_t frame_control = 0, duration = 2, addr1 = 4, addr2 = 10, addr3 = 16,
                             sequence_control = 22, addr4 = 24;
} // namespace fields
inline constexpr std::size_t base_header_len = 24;
inline constexpr std::size_t addr4_len = 6, qos_control_len = 2, ht_control_len = 4;

/// GRE protocol type Aruba access points use to tunnel 802.11 frames to their controller.
inline constexpr std::uint16_t gre_aruba_wlan = 0x8200;

inline constexpr std::uint8_t type_data = 2;
/// Frame control flags (second octet).
inline constexpr std::uint8_t flag_to_ds = 0x01, flag_from_ds = 0x02, flag_protected = 0x40,
                              flag_order = 0x80;
/// Subtype bits of a data frame: bit 3 QoS, bit 2 no data (Null, CF-Ack, CF-Poll only).
inline constexpr std::uint8_t subtype_qos = 0x08, subtype_no_data = 0x04;
/// QoS control bit 7: the body is an A-MSDU (a series of subframes), not one MSDU.
inline constexpr std::uint8_t qos_amsdu_present = 0x80;

class data_view {
public:
  /// Errors: truncated(layer_id::gre, 0, needed, have) when the frame control field or the
  /// MAC header it announces is not captured. Any frame type parses; is_data() tells.
  [[nodiscard]] static result<data_view> parse(bytes b) noexcept {
    if (b.size() < 2) {
      return truncated(layer_id::gre, 0, 2, b.size());
    }
    const data_view v(b);
    const std::size_t need = v.header_length();
    if (b.size() < need) {
      return truncated(layer_id::gre, 0, need, b.size());
    }
    return v;
  }

  // in bounds: parse() checked b_.size() >= 2 and >= header_length().
  [[nodiscard]] std::uint8_t type() const noexcept {
    return static_cast<std::uint8_t>((b_[fields::frame_control] >> 2) & 0x03U);
  }
  [[nodiscard]] std::uint8_t subtype() const noexcept {
    return static_cast<std::uint8_t>(b_[fields::frame_control] >> 4);
  }
  [[nodiscard]] std::uint8_t flags() const noexcept { return b_[fields::frame_control + 1]; }
  [[nodiscard]] bool is_data() const noexcept { return type() == type_data; }
  [[nodiscard]] bool is_qos() const noexcept { return is_data() && (subtype() & subtype_qos) != 0; }
  /// The MAC header's length: 24, plus the fourth address (to and from DS), QoS control (QoS
  /// data subtypes) and HT control (QoS frames with the order bit). Data frames only; other
  /// types report 24.
  [[nodiscard]] std::size_t header_length() const noexcept {
    if (!is_data()) {
      return base_header_len;
    }
    std::size_t n = base_header_len;
    if ((flags() & (flag_to_ds | flag_from_ds)) == (flag_to_ds | flag_from_ds)) {
      n += addr4_len;
    }
    if (is_qos()) {
      n += qos_control_len;
      if ((flags() & flag_order) != 0) {
        n += ht_control_len;
      }
    }
    return n;
  }
  /// An unprotected data frame whose body is one MSDU starting with an LLC header.
  [[nodiscard]] bool carries_llc() const noexcept {
    if (!is_data() || (subtype() & subtype_no_data) != 0 || (flags() & flag_protected) != 0) {
      return false;
    }
    if (is_qos()) {
      const std::size_t qos =
          header_length() - qos_control_len - ((flags() & flag_order) != 0 ? ht_control_len : 0);
      return (b_[qos] & qos_amsdu_present) == 0;
    }
    return true;
  }

private:
  explicit data_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ieee80211
