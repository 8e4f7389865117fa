#include <pktscope/proto/ipcomp.hpp>

#include <pktscope/core/layer_id.hpp>

namespace pktscope::ipcomp {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::ipcomp, 0, header_len, b.size());
  }
  return view(b);
}

} // namespace pktscope::ipcomp
