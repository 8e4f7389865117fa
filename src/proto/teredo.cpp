#include <pktscope/proto/teredo.hpp>

namespace pktscope::teredo {

// Each indicator position needs two octets to tell an indicator from an IPv6 header (0x6...),
// so a packet cut right after the authentication indicator is truncated, not origin-less.
result<view> view::parse(bytes b) noexcept {
  if (b.size() < 2) {
    return truncated(layer_id::teredo, 0, 2, b.size());
  }
  std::size_t auth_len = 0;
  if (load_be16(b, auth_fields::indicator) == indicator_authentication) {
    if (b.size() < auth_fixed_len) {
      return truncated(layer_id::teredo, 0, auth_fixed_len, b.size());
    }
    auth_len = auth_fixed_len + load_u8(b, auth_fields::id_len) + load_u8(b, auth_fields::au_len) +
               nonce_len + confirmation_len;
    if (b.size() < auth_len + 2) {
      return truncated(layer_id::teredo, 0, auth_len + 2, b.size());
    }
  }
  std::size_t header_len = auth_len;
  if (load_be16(b, auth_len + origin_fields::indicator) == indicator_origin) {
    header_len += origin_len;
    if (b.size() < header_len) {
      return truncated(layer_id::teredo, auth_len, header_len, b.size());
    }
  }
  return view(b, auth_len, header_len);
}

std::optional<std::uint16_t> view::origin_port() const noexcept {
  if (!has_origin()) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(~load_be16(b_, auth_len_ + origin_fields::port));
}

std::optional<std::uint32_t> view::origin_address() const noexcept {
  if (!has_origin()) {
    return std::nullopt;
  }
  return ~load_be32(b_, auth_len_ + origin_fields::address);
}

} // namespace pktscope::teredo
