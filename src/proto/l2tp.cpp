#include <pktscope/proto/l2tp.hpp>

#include <algorithm>

namespace pktscope::l2tp {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < 2) {
    return truncated(layer_id::l2tp, 0, min_header_len, b.size());
  }
  const std::uint16_t flags = load_be16(b, fields::flags_version);
  if ((flags & bits::version) != version_2) {
    return unexpected{error{errc::unsupported, layer_id::l2tp, 0, 0, fields::flags_version}};
  }
  std::size_t len = min_header_len;
  len += (flags & bits::length) != 0 ? 2 : 0;
  len += (flags & bits::sequence) != 0 ? 4 : 0;
  const std::size_t offset_size_at = len;
  len += (flags & bits::offset) != 0 ? 2 : 0;
  if (b.size() < len) {
    return truncated(layer_id::l2tp, 0, len, b.size());
  }
  if ((flags & bits::offset) != 0) {
    len += load_be16(b, offset_size_at); // padding after the Offset Size field
    if (b.size() < len) {
      return truncated(layer_id::l2tp, 0, len, b.size());
    }
  }
  if ((flags & bits::length) != 0 && load_be16(b, fields::length) < len) {
    return malformed(layer_id::l2tp, fields::length);
  }
  return view(b, len);
}

bytes view::payload() const noexcept {
  const std::size_t end = length() ? std::min<std::size_t>(*length(), b_.size()) : b_.size();
  return b_.subspan(header_len_, end - header_len_);
}

} // namespace pktscope::l2tp
