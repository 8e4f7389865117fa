// Walker steps of the tunnels that carry a bare IP or PPP packet and are found by UDP port
// (Teredo, AYIYA, L2TPv2, LISP data and Encapsulated Control Messages) or IP protocol (PIM
// Register). Reached only with decode_options::follow_tunnels, except PIM whose header is recorded
// either way.

#include "walker.hpp"

#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/ayiya.hpp>
#include <pktscope/proto/l2tp.hpp>
#include <pktscope/proto/lisp.hpp>
#include <pktscope/proto/pim.hpp>
#include <pktscope/proto/teredo.hpp>

namespace pktscope::detail {

layer_id walker::enter_ip_by_version() noexcept {
  const layer_id inner = ip_by_version();
  if (inner != layer_id::none) {
    enter_tunnel();
  }
  return inner;
}

// RFC 7761 §4.9.3: a Register carries the data packet (or, with N set, a dummy IP header);
// tshark dissects it by its version nibble. Other messages end the walk.
layer_id walker::pim() noexcept {
  const auto r = pim::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::pim, r->header_length());
  if (!r->is_register() || !opt_.follow_tunnels) {
    return layer_id::none;
  }
  off_ += r->header_length();
  return enter_ip_by_version();
}

// RFC 4380 §5.1.1: after the optional indicators comes an IPv6 packet (bubbles included).
// The port is only a hint: anything else on it, cut short or not, stays UDP payload.
layer_id walker::teredo() noexcept {
  const auto r = teredo::view::parse(cur());
  if (!r || r->payload().empty() || (r->payload()[0] >> 4) != 6) {
    return layer_id::none;
  }
  push(layer_id::teredo, r->header_length());
  off_ += r->header_length();
  enter_tunnel();
  return layer_id::ipv6;
}

// draft-massar-v6ops-ayiya-02 §5: only OpCode "forward" carries a packet, of the IP protocol
// Next Header names (IPv6 or IPv4, as tshark follows it).
layer_id walker::ayiya() noexcept {
  const auto r = ayiya::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::ayiya, r->header_length());
  if (r->op() != ayiya::opcode::forward) {
    return layer_id::none;
  }
  const layer_id next = registry::by_ip_protocol(r->next_header());
  if (next != layer_id::ipv4 && next != layer_id::ipv6) {
    return layer_id::none;
  }
  off_ += r->header_length();
  enter_tunnel();
  return next;
}

// RFC 2661 §3.1: a data message carries one PPP frame, bounded by the Length field when the
// header has one. Control messages and L2TPv3 (another layout on the same port) end the walk.
layer_id walker::l2tp() noexcept {
  const auto r = l2tp::view::parse(cur());
  if (!r) {
    return r.error().code == errc::unsupported ? layer_id::none : fail(r.error());
  }
  push(layer_id::l2tp, r->header_length());
  if (r->is_control()) {
    return layer_id::none;
  }
  end_ = off_ + r->header_length() + r->payload().size();
  off_ += r->header_length();
  enter_tunnel();
  return layer_id::ppp;
}

// RFC 9300 §5.1: after the 8-octet header comes the endpoint's IPv4 or IPv6 packet.
layer_id walker::lisp() noexcept {
  const auto r = lisp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::lisp, lisp::header_len);
  off_ += lisp::header_len;
  return enter_ip_by_version();
}

// RFC 9301 §5.8: an Encapsulated Control Message is a 4-octet header before the IPv4 or IPv6
// packet that carries the control message; other control messages end the walk.
layer_id walker::lisp_control() noexcept {
  const auto r = lisp::control_view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::lisp_control, lisp::control_word_len);
  if (!r->is_encapsulated()) {
    return layer_id::none;
  }
  off_ += lisp::control_word_len;
  return enter_ip_by_version();
}

} // namespace pktscope::detail
