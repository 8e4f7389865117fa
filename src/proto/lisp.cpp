#include <pktscope/proto/lisp.hpp>

namespace pktscope::lisp {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::lisp, 0, header_len, b.size());
  }
  return view(b);
}

result<control_view> control_view::parse(bytes b) noexcept {
  if (b.size() < control_word_len) {
    return truncated(layer_id::lisp_control, 0, control_word_len, b.size());
  }
  return control_view(b);
}

} // namespace pktscope::lisp
