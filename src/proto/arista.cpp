#include <pktscope/proto/arista.hpp>

namespace pktscope::arista {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < fixed_len) {
    return truncated(layer_id::ethernet, 0, fixed_len, b.size());
  }
  const std::uint16_t subtype = load_be16(b, fields::subtype);
  const auto format = static_cast<version>(load_be16(b, fields::version));
  const bool known = format == version::timestamp_64_tai || format == version::timestamp_64_utc ||
                     format == version::timestamp_48_tai || format == version::timestamp_48_utc;
  if (subtype != subtype_timestamp || !known) {
    return unexpected{error{errc::unsupported, layer_id::ethernet, 0, 0, fields::subtype}};
  }
  const view v(b);
  if (b.size() < v.header_length() + 2) {
    return truncated(layer_id::ethernet, 0, v.header_length() + 2, b.size());
  }
  return v;
}

} // namespace pktscope::arista
