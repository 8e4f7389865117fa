#include <pktscope/proto/openflow.hpp>

namespace pktscope::openflow {

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::openflow, 0, header_len, b.size());
  }
  const std::size_t len = load_be16(b, fields::length);
  if (len < header_len) {
    return malformed(layer_id::openflow, fields::length);
  }
  if (b.size() < len) {
    return truncated(layer_id::openflow, 0, len, b.size());
  }
  return view(b.first(len));
}

result<packet_in_view> packet_in_view::parse(const view& m) noexcept {
  const bytes b = m.message();
  if (b.size() < packet_in_fields::match + match_header_len) {
    return malformed(layer_id::openflow, header_len);
  }
  const std::size_t match_len = load_be16(b, packet_in_fields::match_length);
  if (match_len < match_header_len ||
      packet_in_fields::match + padded_match_length(match_len) + packet_in_pad_len > b.size()) {
    return malformed(layer_id::openflow, packet_in_fields::match_length);
  }
  return packet_in_view(b);
}

result<packet_out_view> packet_out_view::parse(const view& m) noexcept {
  const bytes b = m.message();
  if (b.size() < packet_out_fields::actions) {
    return malformed(layer_id::openflow, header_len);
  }
  if (packet_out_fields::actions + load_be16(b, packet_out_fields::actions_len) > b.size()) {
    return malformed(layer_id::openflow, packet_out_fields::actions_len);
  }
  return packet_out_view(b);
}

} // namespace pktscope::openflow
