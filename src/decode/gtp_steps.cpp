// Walker steps of GTP, found by UDP port: GTP-U on 2152 and GTP' on 3386. GTP has no layer of
// its own: a T-PDU's header is skipped and the user packet inside opens a tunnel, as tshark
// shows it. Reached only with decode_options::follow_tunnels.

#include "walker.hpp"

#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/gtp.hpp>
#include <pktscope/proto/gtp_prime.hpp>
#include <pktscope/proto/gtp_v0.hpp>

#include <algorithm>

namespace pktscope::detail {

// GTPv1-U (3GPP TS 29.281): a G-PDU's header and extension headers are skipped. Other messages
// (echo, error indication, end marker) and GTP' stay UDP payload.
layer_id walker::gtp_u() noexcept {
  const auto r = gtp::view::parse(cur());
  if (!r || r->message_type() != gtp::message_g_pdu) {
    return layer_id::none;
  }
  return gtp_t_pdu(r->header_length(), gtp::mandatory_len + r->length());
}

// UDP 3386 is GTP' (TS 32.295), on the port GTPv0 (TS 09.60) had before it. tshark's GTP'
// dissector reads the header its flags announce, whatever the port: GTP' (PT 0, 6 or 20
// octets), GTPv0 (PT 1, version 0, 20 octets) or GTPv1 (PT 1, version 1), and takes message
// type 255 for a T-PDU in each. (It reads a version-2 GTP header as a GTPv1 one too; that is
// GTPv2-C's number, with no T-PDU, and stays payload here.)
layer_id walker::gtp_prime() noexcept {
  const bytes b = cur();
  if (b.empty()) {
    return layer_id::none;
  }
  if ((b[0] & gtp_prime::bits::protocol_type) == 0) {
    // TS 32.295 has no T-PDU; tshark's one table of GTP message types names 255 for all.
    const auto r = gtp_prime::view::parse(b);
    if (!r || r->message_type() != gtp_v0::message_t_pdu) {
      return layer_id::none;
    }
    return gtp_t_pdu(r->header_length(), r->declared_len());
  }
  if ((b[0] >> gtp_v0::bits::version_shift) == 0) {
    const auto r = gtp_v0::view::parse(b);
    if (!r || r->message_type() != gtp_v0::message_t_pdu) {
      return layer_id::none;
    }
    return gtp_t_pdu(gtp_v0::header_len, r->declared_len());
  }
  return gtp_u();
}

layer_id walker::gtp_t_pdu(std::size_t header_len, std::size_t declared_len) noexcept {
  // tshark ends the message where its length field says (set_actual_length), so the
  // user packet is bounded by it; a longer claim is clipped to what was captured.
  const std::size_t message_end = std::min(end_, off_ + declared_len);
  if (off_ + header_len >= message_end) {
    return layer_id::none;
  }
  const layer_id inner =
      registry::probe_gtp_t_pdu(frame_.subspan(off_ + header_len, message_end - off_ - header_len));
  if (inner == layer_id::none) {
    return layer_id::none;
  }
  off_ += header_len;
  end_ = message_end;
  enter_tunnel();
  return inner;
}

} // namespace pktscope::detail
