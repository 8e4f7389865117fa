#include <pktscope/build/link_steps.hpp>

#include <pktscope/core/assert.hpp>

namespace pktscope::build {

void ethernet_step::write(mut_bytes out, const context& c) const noexcept {
  ethernet::header v = h;
  v.type_or_length = ether_type_or(c, h.type_or_length);
  v.write_to(out);
}

void vlan_step::write(mut_bytes out, const context& c) const noexcept {
  vlan::header v = h;
  v.type_or_length = ether_type_or(c, h.type_or_length);
  v.write_to(out);
}

void mpls_step::write(mut_bytes out, const context& c) const noexcept {
  mpls::header v = h;
  v.bottom_of_stack = c.next.layer != layer_id::mpls;
  v.write_to(out);
}

void pppoe_step::write(mut_bytes out, const context& c) const noexcept {
  PKTSCOPE_ASSERT(out.size() - pppoe::header_len <= 0xffff);
  pppoe::header v = h;
  v.length = static_cast<std::uint16_t>(out.size() - pppoe::header_len);
  v.write_to(out);
  ppp::header p = ppp;
  if (c.next.ppp_protocol != 0) {
    p.protocol = static_cast<ppp::protocol>(c.next.ppp_protocol);
  }
  p.write_to(out.subspan(pppoe::header_len));
}

void linux_sll_step::write(mut_bytes out, const context& c) const noexcept {
  linux_sll::header v = h;
  v.protocol = ether_type_or(c, h.protocol);
  v.write_to(out);
}

void linux_sll2_step::write(mut_bytes out, const context& c) const noexcept {
  linux_sll2::header v = h;
  v.protocol = ether_type_or(c, h.protocol);
  v.write_to(out);
}

} // namespace pktscope::build
