#include <pktscope/proto/ayiya.hpp>

namespace pktscope::ayiya {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < fixed_len) {
    return truncated(layer_id::ayiya, 0, fixed_len, b.size());
  }
  const view v(b);
  // At most 8 + 2^15 + 60 octets: no overflow.
  if (b.size() < v.header_length()) {
    return truncated(layer_id::ayiya, 0, v.header_length(), b.size());
  }
  return v;
}

} // namespace pktscope::ayiya
