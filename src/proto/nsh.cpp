#include <pktscope/proto/nsh.hpp>

namespace pktscope::nsh {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < min_header_len) {
    return truncated(layer_id::nsh, 0, min_header_len, b.size());
  }
  const view v(b);
  const std::size_t len = v.header_length();
  if (len < min_header_len) {
    return malformed(layer_id::nsh, fields::ver_ttl_length);
  }
  if (b.size() < len) {
    return truncated(layer_id::nsh, 0, len, b.size());
  }
  return v;
}

} // namespace pktscope::nsh
