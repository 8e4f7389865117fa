#pragma once
/// ERSPAN type II and type III headers (draft-foschiano-erspan-03 §4.1, §4.2), carried in GRE
/// with protocol type 0x88be (type II; with S bit set) and 0x22eb (type III). Type I has no
/// header of its own (GRE 0x88be without sequence number): the payload is the frame.
/// ERSPAN has no layer id of its own; errors name layer_id::gre.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::erspan {

namespace fields {
/// Bits 0..15: Ver (4) | VLAN (12).
inline constexpr std::size_t version_vlan = 0;
/// Bits 16..31: COS (3) | En/BSO (2) | T (1) | Session ID (10).
inline constexpr std::size_t cos_session = 2;
/// Type II: Reserved (12) | Index (20).
inline constexpr std::size_t index = 4;
/// Type III: 32-bit timestamp, SGT (16), P | FT (5) | Hw ID (6) | D | Gra (2) | O.
inline constexpr std::size_t timestamp = 4, sgt = 8, type3_flags = 10;
} // namespace fields
inline constexpr std::size_t type2_header_len = 8;
inline constexpr std::size_t type3_header_len = 12;
/// Type III optional platform-specific subheader (present when O is set).
inline constexpr std::size_t platform_subheader_len = 8;

inline constexpr std::uint8_t version_type2 = 1;
inline constexpr std::uint8_t version_type3 = 2;

/// Plain value; write_to() emits the 8-byte type II header (version 1) or the 12-byte type
/// III header (version 2, without the platform subheader even when O is set).
struct header {
  std::uint8_t version = version_type2; ///< 4 bits
  std::uint16_t vlan = 0;               ///< 12 bits
  std::uint8_t cos = 0;                 ///< 3 bits
  std::uint8_t encap = 0;               ///< 2 bits: En (type II) / BSO (type III)
  bool truncated = false;               ///< T
  std::uint16_t session_id = 0;         ///< 10 bits
  std::uint32_t index = 0;              ///< type II, 20 bits
  std::uint32_t timestamp = 0;          ///< type III
  std::uint16_t sgt = 0;                ///< type III
  std::uint16_t type3_flags = 0;        ///< type III: P FT HwID D Gra O as on the wire

  [[nodiscard]] std::size_t size() const noexcept {
    return version == version_type3 ? type3_header_len : type2_header_len;
  }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::version_vlan,
               static_cast<std::uint16_t>((std::uint32_t{version} << 12) | (vlan & 0x0fffU)));
    store_be16(out, fields::cos_session,
               static_cast<std::uint16_t>((std::uint32_t{cos} << 13) | ((encap & 3U) << 11) |
                                          (truncated ? 0x0400U : 0U) | (session_id & 0x03ffU)));
    if (version == version_type3) {
      store_be32(out, fields::timestamp, timestamp);
      store_be16(out, fields::sgt, sgt);
      store_be16(out, fields::type3_flags, type3_flags);
    } else {
      store_be32(out, fields::index, index & 0xfffffU);
    }
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(layer_id::gre, 0, 4, have) when the common words are cut;
  /// malformed(layer_id::gre, 0) when the version is neither 1 (type II) nor 2 (type III);
  /// truncated(layer_id::gre, 0, needed, have) when the rest of the header (and the type III
  /// platform subheader announced by O) is not captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    constexpr std::size_t common = 4;
    if (b.size() < common) {
      return truncated(layer_id::gre, 0, common, b.size());
    }
    const auto ver = static_cast<std::uint8_t>(load_u8(b, fields::version_vlan) >> 4);
    std::size_t len = 0;
    if (ver == version_type2) {
      len = type2_header_len;
    } else if (ver == version_type3) {
      len = type3_header_len;
      if (b.size() >= len && (load_be16(b, fields::type3_flags) & 1U) != 0) {
        len += platform_subheader_len;
      }
    } else {
      return malformed(layer_id::gre, fields::version_vlan);
    }
    if (b.size() < len) {
      return truncated(layer_id::gre, 0, len, b.size());
    }
    return view(b, len);
  }

  // In bounds: parse() checked b.size() >= header_length() >= 8.
  /// 1: type II, 2: type III (tshark's erspan.version).
  std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_vlan) >> 4);
  }
  std::uint16_t vlan() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::version_vlan) & 0x0fffU);
  }
  std::uint8_t cos() const noexcept {
    return static_cast<std::uint8_t>(load_be16(b_, fields::cos_session) >> 13);
  }
  /// En (type II, erspan.encap) or BSO (type III, erspan.bso).
  std::uint8_t encap() const noexcept {
    return static_cast<std::uint8_t>((load_be16(b_, fields::cos_session) >> 11) & 3U);
  }
  /// T: the mirrored frame was truncated.
  bool truncated_frame() const noexcept {
    return (load_be16(b_, fields::cos_session) & 0x0400U) != 0;
  }
  /// tshark's erspan.spanid.
  std::uint16_t session_id() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::cos_session) & 0x03ffU);
  }
  /// Type II only: 20-bit port index (erspan.index).
  std::uint32_t index() const noexcept { return load_be32(b_, fields::index) & 0xfffffU; }
  // Type III only (precondition: version() == 2).
  std::uint32_t timestamp() const noexcept { return load_be32(b_, fields::timestamp); }
  std::uint16_t sgt() const noexcept { return load_be16(b_, fields::sgt); }
  std::uint16_t type3_flags() const noexcept { return load_be16(b_, fields::type3_flags); }
  bool p() const noexcept { return (type3_flags() & 0x8000U) != 0; }
  /// Frame type: 0 Ethernet, 2 IP.
  std::uint8_t ft() const noexcept {
    return static_cast<std::uint8_t>((type3_flags() >> 10) & 0x1fU);
  }
  std::uint8_t hw_id() const noexcept {
    return static_cast<std::uint8_t>((type3_flags() >> 4) & 0x3fU);
  }
  /// D: 0 ingress, 1 egress.
  bool direction() const noexcept { return (type3_flags() & 0x8U) != 0; }
  std::uint8_t granularity() const noexcept {
    return static_cast<std::uint8_t>((type3_flags() >> 1) & 3U);
  }
  /// O: the platform-specific subheader follows.
  bool o() const noexcept { return (type3_flags() & 1U) != 0; }

  std::size_t header_length() const noexcept { return hdr_len_; }
  bytes header_bytes() const noexcept { return b_.first(hdr_len_); }
  /// The mirrored frame (Ethernet unless ft() says otherwise).
  bytes payload() const noexcept { return b_.subspan(hdr_len_); }
  std::size_t captured_len() const noexcept { return b_.size(); }

  header to_header() const noexcept {
    header h;
    h.version = version();
    h.vlan = vlan();
    h.cos = cos();
    h.encap = encap();
    h.truncated = truncated_frame();
    h.session_id = session_id();
    if (version() == version_type3) {
      h.timestamp = timestamp();
      h.sgt = sgt();
      h.type3_flags = type3_flags();
    } else {
      h.index = index();
    }
    return h;
  }

private:
  view(bytes b, std::size_t hdr_len) noexcept : b_(b), hdr_len_(hdr_len) {}
  bytes b_;
  std::size_t hdr_len_;
};

} // namespace pktscope::erspan
