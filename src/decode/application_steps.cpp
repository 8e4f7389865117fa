// Walker steps of the application layers the decoder recognises by port or content: DNS
// (over UDP and TCP), DHCP, NTP, HTTP and TLS records. A payload their view refuses is left
// undecoded; it never ends the walk with an error.

#include "walker.hpp"

#include <pktscope/proto/dhcp.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/http.hpp>
#include <pktscope/proto/ntp.hpp>
#include <pktscope/proto/tls.hpp>

namespace pktscope::detail {

layer_id walker::application(layer_id id) noexcept {
  switch (id) {
  case layer_id::dns: return dns();
  case layer_id::dhcp: return whole_payload_application<dhcp::view>(id);
  case layer_id::ntp: return whole_payload_application<ntp::view>(id);
  case layer_id::http: return whole_payload_application<http::view>(id);
  case layer_id::tls: return whole_payload_application<tls::record_view>(id);
  default: return layer_id::none;
  }
}

template <class View> layer_id walker::whole_payload_application(layer_id id) noexcept {
  const auto r = View::parse(cur());
  if (!r) {
    return fail_application(r.error());
  }
  push(id, end_ - off_);
  out_.application = id;
  return layer_id::none;
}

layer_id walker::dns() noexcept {
  bytes message = cur();
  if (out_.transport == layer_id::tcp) { // RFC 7766 §8: two-octet length prefix
    const auto m = dns::parse_tcp_message(message);
    if (!m) {
      return fail_application(m.error());
    }
    off_ += 2;
    message = m->message;
    end_ = off_ + message.size();
  }
  const auto r = dns::view::parse(message);
  if (!r) {
    return fail_application(r.error());
  }
  push(layer_id::dns, message.size());
  out_.application = layer_id::dns;
  return layer_id::none;
}

} // namespace pktscope::detail
