// The decoder's walk: from the link type to the last layer it recognises, one step per layer.
// This file dispatches; the steps live in the files walker.hpp lists.

#include <pktscope/decode/decoder.hpp>

#include "walker.hpp"

#include <pktscope/decode/registry.hpp>

namespace pktscope::detail {

bool walker::run() noexcept {
  layer_id next = registry::by_link_type(link_);
  if (next == layer_id::none) {
    return false;
  }
  if (link_ == link_type::raw || link_ == link_type::raw_bsd_dlt12 ||
      link_ == link_type::raw_bsd_dlt14 || link_ == link_type::ipv4) {
    // LINKTYPE_RAW: the version nibble decides. LINKTYPE_IPV4 names the version, but an IPv6
    // packet under it is dissected as IPv6 (tshark's IPv4 dissector hands it over); any other
    // nibble keeps IPv4, whose view reports the bad version. LINKTYPE_IPV6 stays IPv6 (tshark
    // does not hand an IPv4 packet over there). Under the raw types no version was announced,
    // so a nibble other than 4 or 6 is no bad_ip_version (tshark shows no IP layer there).
    const layer_id by_version = ip_by_version();
    next = by_version == layer_id::none ? layer_id::ipv4 : by_version;
    version_unannounced_ = by_version == layer_id::none && link_ != link_type::ipv4;
  }
  // The commonest stacks first, by direct calls: Ethernet, one 802.1Q tag, IPv4 or IPv6, TCP or
  // UDP. The same steps and checks as the loop below, without its indirect dispatch; the loop
  // takes over from wherever this leaves (other layers, tunnels, application layers).
  if (next == layer_id::ethernet) {
    advance_known<layer_id::ethernet>(next);
    if (next == layer_id::vlan) {
      advance_known<layer_id::vlan>(next);
    }
  }
  if (next == layer_id::ipv4) {
    advance_known<layer_id::ipv4>(next);
  } else if (next == layer_id::ipv6) {
    advance_known<layer_id::ipv6>(next);
  }
  if (next == layer_id::tcp) {
    advance_known<layer_id::tcp>(next);
  } else if (next == layer_id::udp) {
    advance_known<layer_id::udp>(next);
  }
  while (next != layer_id::none) {
    advance(next);
  }
  return true;
}

inline bool walker::admit(layer_id id) noexcept {
  if (!registry::within(registry::class_of(id), opt_.deepest)) {
    return false;
  }
  if (out_.layer_count >= max_layers_) [[unlikely]] {
    flag(anomaly::too_many_layers);
    out_.stopped = error{errc::unsupported, id, 0, 0, off_};
    fatal_ = opt_.strict;
    return false;
  }
  return true;
}

inline void walker::advance(layer_id& next) noexcept {
  next = admit(next) ? step(next) : layer_id::none;
}

template <layer_id Id> inline void walker::advance_known(layer_id& next) noexcept {
  if (!admit(Id)) {
    next = layer_id::none;
    return;
  }
  switch (Id) {
  case layer_id::ethernet: next = ethernet(); break;
  case layer_id::vlan: next = vlan(); break;
  case layer_id::ipv4: next = ipv4(); break;
  case layer_id::ipv6: next = ipv6(); break;
  case layer_id::tcp: next = tcp(); break;
  case layer_id::udp: next = udp(); break;
  default: next = step(Id); break;
  }
}

layer_id walker::step(layer_id id) noexcept {
  switch (id) {
  case layer_id::ethernet: return ethernet();
  case layer_id::linux_sll: return linux_sll();
  case layer_id::linux_sll2: return linux_sll2();
  case layer_id::null_loopback: return null_loopback();
  case layer_id::arp: return arp();
  case layer_id::macsec: return macsec();
  case layer_id::vlan: return vlan();
  case layer_id::llc: return llc();
  case layer_id::mpls: return mpls();
  case layer_id::nsh: return nsh();
  case layer_id::pppoe: return pppoe();
  case layer_id::ppp: return ppp();
  case layer_id::ipv4: return ipv4();
  case layer_id::ipv6: return ipv6();
  case layer_id::ipv6_hop_by_hop:
  case layer_id::ipv6_destination: return ipv6_options(id);
  case layer_id::ipv6_routing: return ipv6_routing();
  case layer_id::ipv6_fragment: return ipv6_fragment();
  case layer_id::ah: return ah();
  case layer_id::esp: return esp();
  case layer_id::ipcomp: return ipcomp();
  case layer_id::gre: return gre();
  case layer_id::udp: return udp();
  case layer_id::tcp: return tcp();
  case layer_id::sctp: return sctp();
  case layer_id::icmp: return icmp();
  case layer_id::icmpv6: return icmpv6();
  case layer_id::vxlan: return vxlan();
  case layer_id::geneve: return geneve();
  case layer_id::pim: return pim();
  case layer_id::teredo: return teredo();
  case layer_id::ayiya: return ayiya();
  case layer_id::l2tp: return l2tp();
  case layer_id::lisp: return lisp();
  case layer_id::lisp_control: return lisp_control();
  case layer_id::openflow: return openflow();
  default: return application(id); // none for an id no step knows
  }
}

} // namespace pktscope::detail

namespace pktscope {

result<void> decode(bytes frame, link_type link, const decode_options& opt,
                    decoded_packet& out) noexcept {
  out.reset(frame, link);
  detail::walker w(frame, link, opt, out);
  if (!w.run()) {
    out.stopped = error{errc::unsupported, layer_id::none, 0, 0, 0};
    if (opt.strict) {
      return unexpected{*out.stopped};
    }
    return {};
  }
  if (w.fatal()) {
    return unexpected{*out.stopped};
  }
  return {};
}

} // namespace pktscope
