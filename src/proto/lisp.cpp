#include <pktscope/proto/lisp.hpp>

namespace pktscope::lisp {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::lisp, 0, header_len, b.size());
  }
  return view(b);
}

} // namespace pktscope::lisp
