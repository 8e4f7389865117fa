#include <pktscope/proto/pim.hpp>

namespace pktscope::pim {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::pim, 0, header_len, b.size());
  }
  const view v(b);
  if (b.size() < v.header_length()) {
    return truncated(layer_id::pim, 0, v.header_length(), b.size());
  }
  return v;
}

} // namespace pktscope::pim
