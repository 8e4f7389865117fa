#pragma once
/// PPP over Ethernet (RFC 2516 §4): the 6-octet header of both stages. Discovery packets
/// (EtherType 0x8863) carry tags; session packets (0x8864, code 0) carry one PPP frame whose
/// protocol field (ppp.hpp) names the payload: 0x0021 IPv4, 0x0057 IPv6, 0xC021 LCP, ...

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ppp.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::pppoe {

namespace fields { // RFC 2516 §4: VER (4 bits) | TYPE (4 bits), CODE, SESSION_ID, LENGTH
inline constexpr std::size_t ver_type = 0, code = 1, session_id = 2, length = 4;
}
inline constexpr std::size_t header_len = 6;
inline constexpr std::uint8_t version_1 = 1; ///< RFC 2516: VER and TYPE MUST be 1
inline constexpr std::uint8_t type_1 = 1;

/// RFC 2516 §5 codes, plus PADM/PADN from RFC 4938 §5. Unlisted values stay valid.
enum class code : std::uint8_t {
  session_data = 0x00,
  pado = 0x07, ///< offer
  padi = 0x09, ///< initiation
  padr = 0x19, ///< request
  pads = 0x65, ///< session-confirmation
  padt = 0xa7, ///< terminate
  padm = 0xd3, ///< RFC 4938 message
  padn = 0xd4, ///< RFC 4938 network
};
std::string_view describe(code c) noexcept;

/// Discovery tag types (RFC 2516 appendix A). Unlisted values stay valid.
enum class tag_type : std::uint16_t {
  end_of_list = 0x0000,
  service_name = 0x0101,
  ac_name = 0x0102,
  host_uniq = 0x0103,
  ac_cookie = 0x0104,
  vendor_specific = 0x0105,
  relay_session_id = 0x0110,
  ppp_max_payload = 0x0120, ///< RFC 4638
  service_name_error = 0x0201,
  ac_system_error = 0x0202,
  generic_error = 0x0203,
};

/// One discovery tag: type, and the value octets (clipped to what was captured).
struct tag {
  pppoe::tag_type type{};
  bytes value;
  std::size_t declared_len = 0; ///< TAG_LENGTH as written
};

/// Plain value for building and comparing; `length` is written as given (the builder fills
/// it with the payload size). Preconditions of write_to(): version and type <= 15.
struct header {
  std::uint8_t version = version_1;
  std::uint8_t type = type_1;
  pppoe::code code = pppoe::code::session_data;
  std::uint16_t session_id = 0;
  std::uint16_t length = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept {
    store_u8(out, fields::ver_type,
             static_cast<std::uint8_t>((version & 0xfU) << 4 | (type & 0xfU)));
    store_u8(out, fields::code, static_cast<std::uint8_t>(code));
    store_be16(out, fields::session_id, session_id);
    store_be16(out, fields::length, length);
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::pppoe, 0, 6,
  /// have) when b is shorter than the header; malformed(layer_id::pppoe, fields::ver_type)
  /// when VER or TYPE is not 1 (RFC 2516 §4 "MUST be set to 0x1"). A LENGTH beyond the
  /// captured bytes is a snaplen cut: payload() is clipped.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < header_len) {
      return truncated(layer_id::pppoe, 0, header_len, b.size());
    }
    if (load_u8(b, fields::ver_type) != (version_1 << 4 | type_1)) {
      return malformed(layer_id::pppoe, fields::ver_type);
    }
    return view(b);
  }

  // in bounds: parse() checked b_.size() >= 6.
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::ver_type) >> 4);
  }
  [[nodiscard]] std::uint8_t type() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::ver_type) & 0xfU);
  }
  [[nodiscard]] pppoe::code code() const noexcept {
    return static_cast<pppoe::code>(load_u8(b_, fields::code));
  }
  [[nodiscard]] bool is_session() const noexcept { return code() == pppoe::code::session_data; }
  [[nodiscard]] std::uint16_t session_id() const noexcept {
    return load_be16(b_, fields::session_id);
  }
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// The LENGTH octets after the header, clipped to what was captured: a PPP frame
  /// (ppp::view::parse) in session stage, tags (next_tag) in discovery.
  [[nodiscard]] bytes payload() const noexcept {
    return b_.subspan(header_len, std::min(declared_len(), b_.size()) - header_len);
  }
  /// Octets after LENGTH (Ethernet padding).
  [[nodiscard]] bytes trailer() const noexcept {
    return b_.subspan(std::min(declared_len(), b_.size()));
  }
  [[nodiscard]] std::size_t declared_len() const noexcept { return header_len + length(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// Session stage only: the PPP protocol field at the start of the payload (1 or 2 octets,
  /// see ppp::view). Empty when not a session packet or the payload is too short.
  [[nodiscard]] std::optional<ppp::protocol> session_protocol() const noexcept {
    if (!is_session()) {
      return std::nullopt;
    }
    const auto p = ppp::view::parse(payload());
    if (!p) {
      return std::nullopt;
    }
    return p->protocol();
  }
  [[nodiscard]] header to_header() const noexcept {
    return {version(), type(), code(), session_id(), length()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// Reads the discovery tag at `offset` in `tags` (a discovery payload) and advances offset past
/// it. Returns nullopt at the end of the tags, when fewer than the 4-octet TAG_TYPE/TAG_LENGTH
/// remain (captured trailing bytes are not a tag), or after an End-Of-List tag; a value cut
/// short by the capture is clipped (tag::declared_len shows it).
[[nodiscard]] inline std::optional<tag> next_tag(bytes tags, std::size_t& offset) noexcept {
  constexpr std::size_t tag_header_len = 4;
  if (offset > tags.size() || tags.size() - offset < tag_header_len) {
    return std::nullopt;
  }
  tag t;
  t.type = static_cast<tag_type>(load_be16(tags, offset));
  t.declared_len = load_be16(tags, offset + 2);
  const std::size_t start = offset + tag_header_len;
  const std::size_t n = std::min(t.declared_len, tags.size() - start);
  t.value = tags.subspan(start, n);
  offset = t.type == tag_type::end_of_list ? tags.size() : start + n;
  return t;
}

/// In-place editing. set_length() changes how payload() is bounded (never beyond the bytes).
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept {
    const auto v = view::parse(bytes(b));
    if (!v) {
      return unexpected{v.error()};
    }
    return mut_view(b);
  }
  [[nodiscard]] view as_view() const noexcept { return *view::parse(bytes(b_)); }

  void set_code(pppoe::code c) noexcept {
    store_u8(b_, fields::code, static_cast<std::uint8_t>(c));
  }
  void set_session_id(std::uint16_t id) noexcept { store_be16(b_, fields::session_id, id); }
  void set_length(std::uint16_t len) noexcept { store_be16(b_, fields::length, len); }

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::pppoe
